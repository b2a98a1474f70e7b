import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load generator for the RTMP ingest measurement in bench/README.md: opens COUNT connections
 * that either stay idle after connect (idle) or publish FLV in real time, looped (publish).
 * Self-contained (plain handshake, fmt 0 chunks of 4096 bytes, hand-written AMF0), so that it
 * runs with {@code java bench/rtmp/RtmpLoad.java HOST PORT idle|publish COUNT SECONDS FLV}.
 */
public final class RtmpLoad {
  record Tag(int type, int timestampMs, byte[] body) {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    boolean publish = args[2].equals("publish");
    int count = Integer.parseInt(args[3]);
    long seconds = Long.parseLong(args[4]);
    List<Tag> tags = readFlv(Path.of(args[5]));
    AtomicInteger up = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "load" + i;
      Thread t = new Thread(() -> {
        // Each from its own loopback address (127.1.x.y), under the per-address limit.
        int n = Integer.parseInt(name.substring(4));
        try (Socket s = new Socket(java.net.InetAddress.getByName(host), port,
            java.net.InetAddress.getByName("127.1." + (n / 200) + "." + (n % 200 + 1)), 0)) {
          OutputStream out = s.getOutputStream();
          InputStream in = s.getInputStream();
          handshake(in, out);
          chunk(out, 2, 1, 0, 0, ByteBuffer.allocate(4).putInt(4096).array(), 128);
          chunk(out, 3, 20, 0, 0, cat(str("connect"), num(1), obj("app", "live", "tcUrl",
              "rtmp://" + host + "/live")), 4096);
          chunk(out, 3, 20, 0, 0, cat(str("createStream"), num(2), new byte[] {5}), 4096);
          if (publish) {
            chunk(out, 8, 20, 0, 1, cat(str("publish"), num(3), new byte[] {5}, str(name),
                str("live")), 4096);
          }
          Thread drain = new Thread(() -> {
            byte[] b = new byte[8192];
            try {
              while (in.read(b) >= 0) {
                // replies are not looked at
              }
            } catch (IOException e) {
              // closed
            }
          });
          drain.setDaemon(true);
          drain.start();
          up.incrementAndGet();
          long start = System.nanoTime();
          int loopOffsetMs = 0;
          while (System.nanoTime() < end) {
            if (!publish) {
              Thread.sleep(200);
              continue;
            }
            int lastMs = 0;
            for (Tag tag : tags) {
              int ts = tag.timestampMs() + loopOffsetMs;
              long due = start + ts * 1_000_000L;
              long wait = due - System.nanoTime();
              if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              }
              if (System.nanoTime() >= end) {
                break;
              }
              int csid = tag.type() == 8 ? 4 : tag.type() == 9 ? 6 : 5;
              chunk(out, csid, tag.type(), ts, 1, tag.body(), 4096);
              lastMs = tag.timestampMs();
            }
            loopOffsetMs += lastMs + 40;
          }
        } catch (Exception e) {
          failed.incrementAndGet();
          System.err.println(name + ": " + e);
        }
      }, name);
      t.start();
      threads.add(t);
    }
    Thread.sleep(3000);
    System.out.println("connections up: " + up.get() + ", failed: " + failed.get());
    for (Thread t : threads) {
      t.join();
    }
    System.out.println("done; failed: " + failed.get());
  }

  static void handshake(InputStream in, OutputStream out) throws IOException {
    byte[] c0c1 = new byte[1537];
    c0c1[0] = 3;
    out.write(c0c1);
    byte[] s = new DataInputStream(in).readNBytes(3073);
    out.write(s, 1, 1536);
  }

  static void chunk(OutputStream out, int csid, int type, int ts, int msid, byte[] body,
      int size) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(body.length + 12 + (body.length / size + 1) * 5);
    boolean ext = ts >= 0xFFFFFF;
    b.put((byte) csid).put(u24(ext ? 0xFFFFFF : ts)).put(u24(body.length)).put((byte) type);
    b.put((byte) msid).put((byte) 0).put((byte) 0).put((byte) 0);
    if (ext) {
      b.putInt(ts);
    }
    for (int off = 0; off < body.length; off += size) {
      if (off > 0) {
        b.put((byte) (0xC0 | csid));
        if (ext) {
          b.putInt(ts);
        }
      }
      b.put(body, off, Math.min(size, body.length - off));
    }
    out.write(b.array(), 0, b.position());
    out.flush();
  }

  static byte[] u24(int v) {
    return new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  static byte[] str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return cat(new byte[] {2, (byte) (b.length >> 8), (byte) b.length}, b);
  }

  static byte[] num(double d) {
    return ByteBuffer.allocate(9).put((byte) 0).putDouble(d).array();
  }

  static byte[] obj(String... kv) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(new byte[] {3});
    for (int i = 0; i < kv.length; i += 2) {
      byte[] k = kv[i].getBytes(StandardCharsets.UTF_8);
      parts.add(new byte[] {(byte) (k.length >> 8), (byte) k.length});
      parts.add(k);
      parts.add(str(kv[i + 1]));
    }
    parts.add(new byte[] {0, 0, 9});
    return cat(parts.toArray(new byte[0][]));
  }

  static byte[] cat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  static List<Tag> readFlv(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    b.position(b.getInt(5) + 4);
    List<Tag> tags = new ArrayList<>();
    while (b.remaining() >= 15) {
      int type = b.get() & 0x1F;
      int size = (b.get() & 0xFF) << 16 | (b.get() & 0xFF) << 8 | (b.get() & 0xFF);
      int ts = (b.get() & 0xFF) << 16 | (b.get() & 0xFF) << 8 | (b.get() & 0xFF)
          | (b.get() & 0xFF) << 24;
      b.position(b.position() + 3);
      byte[] body = new byte[size];
      b.get(body);
      b.getInt();
      if (type == 8 || type == 9) {
        tags.add(new Tag(type, ts, body));
      }
    }
    return tags;
  }
}
