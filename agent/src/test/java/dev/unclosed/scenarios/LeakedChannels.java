package dev.unclosed.scenarios;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Network channels, datagram sockets, pipes and selectors dropped without close(): one finding each. */
public class LeakedChannels {
    public static void main(String[] args) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open(); // @leak serverChannel
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel client = SocketChannel.open(server.getLocalAddress()); // @leak clientChannel
        SocketChannel accepted = server.accept(); // @leak acceptedChannel
        client.socket().getLocalPort();
        accepted.isConnected();
        DatagramChannel.open().bind(null); // @leak datagramChannel
        new DatagramSocket(0, InetAddress.getLoopbackAddress()).getLocalPort(); // @leak datagramSocket
        Pipe pipe = Pipe.open(); // @leak pipe
        pipe.source().isOpen();
        Selector.open().keys(); // @leak selector
    }
}
