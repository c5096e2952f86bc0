package dev.unclosed.scenarios;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A client socket, the socket a server accepted, and the server socket, all on loopback, none closed. */
public class LeakedSockets {
    public static void main(String[] args) throws Exception {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress()); // @leak server
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()); // @leak client
        Socket accepted = server.accept(); // @leak accepted
        client.getOutputStream().write(1);
        accepted.getInputStream().read();
    }
}
