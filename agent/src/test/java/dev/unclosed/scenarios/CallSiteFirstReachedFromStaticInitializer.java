package dev.unclosed.scenarios;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One call site reached first from a static initializer (held by design: not reported), then from main (held
 * open at exit: reported). The site must not share the static initializer's stack with main's streams.
 */
public class CallSiteFirstReachedFromStaticInitializer {
    static final List<Object> HELD = new ArrayList<>();

    static FileInputStream open(File file) throws IOException {
        return new FileInputStream(file); // @leak site
    }

    static class Config {
        static final FileInputStream CONFIG;

        static {
            try {
                CONFIG = open(Scratch.file("data.txt"));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (Config.CONFIG == null) {
            throw new AssertionError();
        }
        for (int i = 0; i < 3; i++) {
            HELD.add(open(Scratch.file("data.txt")));
        }
    }
}
