package io.faceattend.face.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of an engine whose {@link #cut} resets every connection and stops listening,
 * as the engine's host would look to a gateway after a SIGKILL; {@link #restore} listens again on
 * the same port, as a restarted engine.
 */
final class CuttableProxy implements AutoCloseable {
  private final int target;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private volatile boolean down;

  CuttableProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = listener.getLocalPort();
    acceptOn(listener);
  }

  int port() {
    return port;
  }

  private void acceptOn(ServerSocket socket) {
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket client = socket.accept();
                  Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                  open.add(client);
                  open.add(upstream);
                  if (down) { // accepted just as cut() ran: gone as well
                    reset(client);
                    reset(upstream);
                    return;
                  }
                  pump(client, upstream);
                  pump(upstream, client);
                } catch (IOException e) {
                  return; // closed by cut()
                }
              }
            });
  }

  private static void pump(Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                }
              } catch (IOException e) {
                // one side went away: so does the other
              }
              closeQuietly(from);
              closeQuietly(to);
            });
  }

  /** Every connection reset (RST, linger 0) and the port closed: the engine is gone. */
  void cut() throws IOException {
    down = true;
    listener.close();
    for (Socket socket : open) {
      reset(socket);
    }
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  /** Listens again on the same port: the engine is back. */
  void restore() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    open.clear();
    down = false;
    listener = socket;
    acceptOn(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
