package dev.orderflow.testing;

import java.util.concurrent.ThreadLocalRandom;

/** W3C traceparent values for tests. */
public final class Traceparents {

    private Traceparents() {
    }

    public static String random() {
        return "00-" + hex(32) + "-" + hex(16) + "-01";
    }

    public static String traceId(String traceparent) {
        return traceparent.split("-")[1];
    }

    public static String parentId(String traceparent) {
        return traceparent.split("-")[2];
    }

    private static String hex(int length) {
        StringBuilder sb = new StringBuilder(length);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        sb.append("123456789abcdef".charAt(random.nextInt(15)));
        while (sb.length() < length) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }
}
