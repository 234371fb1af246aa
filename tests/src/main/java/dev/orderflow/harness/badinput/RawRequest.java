package dev.orderflow.harness.badinput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP/1.1 request written byte for byte: header values may hold any bytes (invalid UTF-8, control characters), the
 * body any length and framing. Nothing is normalised on the way, which is the point: a client library would refuse or
 * repair half of what a malformed-input corpus needs to send.
 *
 * <p>Every request carries {@code Host} first and {@code Connection: close} last, plus {@code Content-Length} (or
 * {@code Transfer-Encoding: chunked}) unless told otherwise; {@link #headerCount()} and
 * {@link #headerSectionLength()} count them too, as the server does.
 */
public final class RawRequest {

    private static final byte[] CRLF = { '\r', '\n' };
    private static final int CHUNK_SIZE = 8192;

    private final String method;
    private final String target;
    private final List<Header> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean chunked;
    private boolean contentLength = true;

    /** One header line; the value is raw bytes. */
    public record Header(String name, byte[] value) {

        int lineLength() {
            return name.length() + 2 + value.length;
        }
    }

    private RawRequest(String method, String target) {
        this.method = Objects.requireNonNull(method, "provide a method");
        this.target = Objects.requireNonNull(target, "provide a request target");
    }

    public static RawRequest post(String target) {
        return new RawRequest("POST", target);
    }

    public static RawRequest of(String method, String target) {
        return new RawRequest(method, target);
    }

    /** A copy with another method and target, same headers and body. */
    public RawRequest to(String otherMethod, String otherTarget) {
        RawRequest copy = new RawRequest(otherMethod, otherTarget);
        copy.headers.addAll(headers);
        copy.body = body;
        copy.chunked = chunked;
        copy.contentLength = contentLength;
        return copy;
    }

    public RawRequest header(String name, String value) {
        return header(name, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawRequest header(String name, byte[] value) {
        headers.add(new Header(name, value));
        return this;
    }

    /** Removes every header of that name, whatever its case. */
    public RawRequest removeHeader(String name) {
        headers.removeIf(h -> h.name().equalsIgnoreCase(name));
        return this;
    }

    public RawRequest body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    public RawRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the body in 8 KiB chunks with {@code Transfer-Encoding: chunked}, so the server learns its size late. */
    public RawRequest chunked() {
        this.chunked = true;
        return this;
    }

    /** No {@code Content-Length}: with no body either, the request simply ends after its headers. */
    public RawRequest withoutContentLength() {
        this.contentLength = false;
        return this;
    }

    public byte[] body() {
        return body;
    }

    /** Header fields as sent, the ones this class adds included. */
    public int headerCount() {
        return framingHeaders().size() + headers.size();
    }

    /** The header section as Netty counts it against {@code max-header-size}: every line without its CRLF. */
    public int headerSectionLength() {
        return framingHeaders().stream().mapToInt(Header::lineLength).sum()
                + headers.stream().mapToInt(Header::lineLength).sum();
    }

    /** The request line without its CRLF, as counted against {@code max-initial-line-length}. */
    public int requestLineLength() {
        return requestLine().length();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512 + headers.size() * 32);
        out.writeBytes(requestLine().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(CRLF);
        List<Header> framing = framingHeaders();
        write(out, framing.get(0));
        headers.forEach(h -> write(out, h));
        framing.subList(1, framing.size()).forEach(h -> write(out, h));
        out.writeBytes(CRLF);
        if (chunked) {
            for (int offset = 0; offset < body.length; offset += CHUNK_SIZE) {
                int length = Math.min(CHUNK_SIZE, body.length - offset);
                out.writeBytes(Integer.toHexString(length).getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(CRLF);
                out.write(body, offset, length);
                out.writeBytes(CRLF);
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private String requestLine() {
        return method + " " + target + " HTTP/1.1";
    }

    /** Host first; then the body's framing, if any, and Connection: close, after the caller's headers. */
    private List<Header> framingHeaders() {
        List<Header> framing = new ArrayList<>();
        framing.add(new Header("Host", ascii("localhost")));
        if (chunked) {
            framing.add(new Header("Transfer-Encoding", ascii("chunked")));
        } else if (contentLength) {
            framing.add(new Header("Content-Length", ascii(String.valueOf(body.length))));
        }
        framing.add(new Header("Connection", ascii("close")));
        return framing;
    }

    private static void write(ByteArrayOutputStream out, Header header) {
        out.writeBytes(header.name().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[] { ':', ' ' });
        out.writeBytes(header.value());
        out.writeBytes(CRLF);
    }

    private static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
