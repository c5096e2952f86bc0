package dev.unclosed.scenarios;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileReader;
import java.io.PrintWriter;
import java.util.Scanner;

/** Wrappers over files, dropped without close(): one finding each, as the outermost wrapper, at the user's line. */
public class WrapperChains {
    public static void main(String[] args) throws Exception {
        File file = Scratch.file("data.txt");
        new BufferedReader(new FileReader(file)).readLine(); // @leak bufferedReader
        new FileReader("data.txt").read(); // @leak fileReaderByName
        new PrintWriter(new File("out.txt")).print("x"); // @leak printWriter
        new Scanner(file).nextLine(); // @leak scanner
        new DataInputStream(new BufferedInputStream(new FileInputStream(file))).read(); // @leak dataInput
    }
}
