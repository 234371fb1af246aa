package dev.orderflow.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Reply ids derived from the event they answer, so that a redelivered event yields the very same reply and
 * duplicates can be recognised downstream by {@code source} + {@code id}.
 *
 * <p>The ids are name-based UUIDs (version 3, MD5), the same as {@link UUID#nameUUIDFromBytes} gives; a clone of one
 * digest replaces its {@code MessageDigest.getInstance} per call, which looked the provider up each time and cost a
 * function as much as the digest itself (docs/benchmarks.md).
 */
public final class EventIds {

    private static final MessageDigest MD5 = md5();

    private EventIds() {
    }

    public static String derive(String inputSource, String inputId, String outputType) {
        return nameUuid(inputSource + '\n' + inputId + '\n' + outputType).toString();
    }

    /** A short stable token for ids a dependency would issue (authorization, reservation, tracking). */
    public static String shortHash(String... parts) {
        return nameUuid(String.join("\n", parts)).toString().substring(0, 12);
    }

    /** {@code UUID.nameUUIDFromBytes(name in UTF-8)}. */
    static UUID nameUuid(String name) {
        byte[] hash;
        try {
            hash = ((MessageDigest) MD5.clone()).digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the MD5 digest cannot be cloned", e);
        }
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (hash[i] & 0xff);
            least = (least << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
