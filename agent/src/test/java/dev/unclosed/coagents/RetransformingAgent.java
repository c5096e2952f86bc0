package dev.unclosed.coagents;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Another agent, as tracing agents do: it registers a retransformation-capable transformer and retransforms the
 * JDK's file classes at start, the very classes unclosed instruments. Its transformer adds nothing; the
 * retransformation alone runs every capable transformer again, unclosed's included. Packed into a jar of its own
 * by CoexistenceIT.
 */
public final class RetransformingAgent {

    private RetransformingAgent() {
    }

    public static void premain(String argument, Instrumentation instrumentation) throws Exception {
        instrumentation.addTransformer(new NothingAdded(), true);
        instrumentation.retransformClasses(FileInputStream.class, FileOutputStream.class, RandomAccessFile.class);
        System.err.println("retransforming agent: retransformed the file classes");
    }

    static final class NothingAdded implements ClassFileTransformer {
        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                                ProtectionDomain domain, byte[] classfile) {
            return null;
        }
    }
}
