package dev.orderflow.harness.badinput;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 client over a plain socket: it sends exactly the bytes it is given and reads the status line, headers
 * and body back, with a connect and a read timeout. A request is written from a thread of its own while the answer
 * is read, so a server that answers an oversize body early (413) is heard even if it closes before the upload ends.
 * What it reports instead of a response: no answer within the timeout (a hang), or the connection closed or reset
 * before a status line.
 */
public final class RawHttp {

    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 16 * 1024 * 1024;
    private static final AtomicInteger WRITERS = new AtomicInteger();
    private static final ExecutorService WRITER_POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-http-writer-" + WRITERS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private RawHttp() {
    }

    /** A response as read off the wire; header names lower-cased, the first value of each. */
    public record Response(String statusLine, int status, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean isJson() {
            String type = header("content-type");
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
        }
    }

    /** One request's outcome: a response, or what happened instead ({@code failure}). */
    public record Exchange(Response response, String failure, long millis) {

        public boolean answered() {
            return response != null;
        }

        public int status() {
            return response == null ? -1 : response.status();
        }

        @Override
        public String toString() {
            return answered() ? response.statusLine() + " " + response.bodyText() : failure;
        }
    }

    public static Exchange send(String host, int port, RawRequest request, Duration timeout) {
        return send(host, port, request.toBytes(), timeout);
    }

    public static Exchange send(String host, int port, byte[] request, Duration timeout) {
        long started = System.nanoTime();
        int millis = (int) timeout.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            OutputStream out = socket.getOutputStream();
            Future<?> writing = WRITER_POOL.submit(() -> {
                out.write(request);
                out.flush();
                return null;
            });
            try {
                Response response = read(new BufferedInputStream(socket.getInputStream()),
                        System.nanoTime() + timeout.toNanos());
                return new Exchange(response, null, elapsed(started));
            } catch (SocketTimeoutException e) {
                return new Exchange(null, "no answer within " + timeout.toMillis() + " ms (a hang)", elapsed(started));
            } catch (EOFException e) {
                return new Exchange(null, "connection closed without a complete response: " + e.getMessage()
                        + writeOutcome(writing), elapsed(started));
            } catch (SocketException e) {
                return new Exchange(null, "connection reset without a complete response: " + e.getMessage()
                        + writeOutcome(writing), elapsed(started));
            } finally {
                writing.cancel(true);
            }
        } catch (IOException e) {
            return new Exchange(null, "cannot connect: " + e, elapsed(started));
        }
    }

    private static String writeOutcome(Future<?> writing) {
        if (!writing.isDone()) {
            return " (request still being sent)";
        }
        try {
            writing.get();
            return " (request sent in full)";
        } catch (Exception e) {
            return " (sending failed: " + e.getCause() + ")";
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static Response read(InputStream in, long deadline) throws IOException {
        String statusLine = line(in, deadline);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new EOFException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        int headBytes = statusLine.length();
        for (String line = line(in, deadline); !line.isEmpty(); line = line(in, deadline)) {
            headBytes += line.length();
            if (headBytes > MAX_HEAD) {
                throw new EOFException("response headers longer than " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        String length = headers.get("content-length");
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunkedBody(in, deadline);
        } else if (length != null) {
            body = exactly(in, Integer.parseInt(length), deadline);
        } else {
            body = untilClose(in, deadline);
        }
        return new Response(statusLine, status, headers, body);
    }

    private static String line(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            checkDeadline(deadline);
            int b = in.read();
            if (b < 0) {
                throw new EOFException(line.size() == 0 ? "no status line" : "end of stream within a line");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > MAX_HEAD) {
                throw new EOFException("response line longer than " + MAX_HEAD + " bytes");
            }
            line.write(b);
        }
    }

    private static byte[] exactly(InputStream in, int length, long deadline) throws IOException {
        if (length > MAX_BODY) {
            throw new EOFException("response body of " + length + " bytes");
        }
        byte[] body = new byte[length];
        int read = 0;
        while (read < length) {
            checkDeadline(deadline);
            int n = in.read(body, read, length - read);
            if (n < 0) {
                throw new EOFException("body ended after " + read + " of " + length + " bytes");
            }
            read += n;
        }
        return body;
    }

    private static byte[] chunkedBody(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, deadline);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = line(in, deadline); !trailer.isEmpty(); trailer = line(in, deadline)) {
                    // trailers are not needed
                }
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) {
                throw new EOFException("chunked response body over " + MAX_BODY + " bytes");
            }
            body.writeBytes(exactly(in, size, deadline));
            line(in, deadline);
        }
    }

    private static byte[] untilClose(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            checkDeadline(deadline);
            body.write(buffer, 0, n);
            if (body.size() > MAX_BODY) {
                throw new EOFException("response body over " + MAX_BODY + " bytes");
            }
        }
        return body.toByteArray();
    }

    private static void checkDeadline(long deadline) throws SocketTimeoutException {
        if (System.nanoTime() > deadline) {
            throw new SocketTimeoutException("deadline passed");
        }
    }
}
