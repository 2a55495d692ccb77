package io.faceattend.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: records every request it answers; can be
 * stopped (the port refuses connections) and started again on the same port.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One received request: its headers (lower-case names) and raw body. */
  record Received(Map<String, String> headers, byte[] body) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private int port;
  private HttpServer server;

  WebhookReceiver() {
    start(0);
  }

  synchronized void start() {
    start(port);
  }

  private synchronized void start(int onPort) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Map<String, String> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
          received.add(new Received(headers, body));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    port = server.getAddress().getPort();
  }

  synchronized void stop() {
    server.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + port + "/hook";
  }

  List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    stop();
  }
}
