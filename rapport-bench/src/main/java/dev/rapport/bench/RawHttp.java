package dev.rapport.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client on one kept-alive loopback connection, for load generation: it writes a
 * request and reads the status and the body (Content-Length or chunked), and does nothing else.
 * Java's HttpClient costs the 2-core benchmark machine more CPU per request than the server's own
 * work does (at 2,000 requests/s it alone put p99 over 60 ms for a bare /health), so measuring the
 * server needs a client that stays out of the way, as wrk does.
 */
final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final String host;
  private byte[] body = new byte[64 * 1024];
  private int bodyLength;

  RawHttp(int port) throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(60_000);
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    host = "127.0.0.1:" + port;
  }

  /** Sends a request and returns the status; the body is in {@link #body()}. */
  int send(String method, String path, String authorization, byte[] payload) throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host);
    head.append("\r\nAuthorization: ").append(authorization);
    if (payload != null) {
      head.append("\r\nContent-Type: application/x-ndjson\r\nContent-Length: ")
          .append(payload.length);
    }
    head.append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    if (payload != null) {
      out.write(payload);
    }
    out.flush();
    return read();
  }

  /** The body of the last response, as text. */
  String body() {
    return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
  }

  private int read() throws IOException {
    String status = line();
    if (status == null || !status.startsWith("HTTP/1.1 ")) {
      throw new IOException("not an HTTP/1.1 response: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    String h;
    while ((h = line()) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      }
    }
    bodyLength = 0;
    if (chunked) {
      while (true) {
        int size = Integer.parseInt(line().trim(), 16);
        if (size == 0) {
          line();
          break;
        }
        readBody(size);
        line();
      }
    } else if (length > 0) {
      readBody((int) length);
    }
    return code;
  }

  private void readBody(int n) throws IOException {
    if (bodyLength + n > body.length) {
      body = java.util.Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
    }
    int got = in.readNBytes(body, bodyLength, n);
    if (got < n) {
      throw new IOException("the connection closed inside a body");
    }
    bodyLength += n;
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int end = b.length();
        if (end > 0 && b.charAt(end - 1) == '\r') {
          b.setLength(end - 1);
        }
        return b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
