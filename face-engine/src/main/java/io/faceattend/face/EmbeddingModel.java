package io.faceattend.face;

import io.faceattend.face.model.PinnedModels;
import java.util.Locale;

/**
 * An embedding model as templates record it: a pinned weights file plus the preprocessing that
 * feeds it. Templates of two models are never compared with each other; the id ({@code
 * name@version}) is what {@code face_templates.model} stores.
 *
 * <p>Written as {@code name@version}, optionally followed by {@code ;file=F} (a file pinned in
 * {@code models.sha256}), {@code ;channels=rgb|bgr} (plane order of the 112x112 input) and {@code
 * ;crop=S} (scale of the ArcFace reference points about the crop centre: below 1 shows more
 * context). The shipped model is {@link #SHIPPED}.
 *
 * @param name model name
 * @param version model version
 * @param file weights file name in the model folder (pinned by SHA-256 like every model)
 * @param bgr whether the planes are fed B,G,R (the shipped model takes R,G,B)
 * @param cropScale scale of the alignment template (1 = the ArcFace layout)
 */
public record EmbeddingModel(
    String name, String version, String file, boolean bgr, float cropScale) {

  /** faceplugin's fr_feature with the preprocessing of its JS package (docs/face-engine.md). */
  public static final EmbeddingModel SHIPPED =
      new EmbeddingModel("faceplugin-fr-feature", "0.0.1", PinnedModels.FEATURE, false, 1f);

  public EmbeddingModel {
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("embedding model name must be 1-64 of [A-Za-z0-9._-]");
    }
    if (version == null || !version.matches("[A-Za-z0-9._-]{1,32}")) {
      throw new IllegalArgumentException("embedding model version must be 1-32 of [A-Za-z0-9._-]");
    }
    if (file == null || !PinnedModels.digests().containsKey(file)) {
      throw new IllegalArgumentException(
          "embedding model file " + file + " is not pinned in models.sha256");
    }
    if (!(cropScale >= 0.5f && cropScale <= 1.5f)) {
      throw new IllegalArgumentException("embedding model crop must be 0.5..1.5");
    }
  }

  /** {@code name@version}: what a template records. */
  public String id() {
    return name + "@" + version;
  }

  /** Same weights and preprocessing (then the embeddings are the same, whatever the ids). */
  public boolean samePreprocessing(EmbeddingModel other) {
    return file.equals(other.file) && bgr == other.bgr && cropScale == other.cropScale;
  }

  /**
   * Parses {@code name@version[;file=F][;channels=rgb|bgr][;crop=S]}; the shipped model's id alone
   * means {@link #SHIPPED}, any other id alone means the shipped file and preprocessing.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static EmbeddingModel parse(String spec) {
    String[] parts = spec.strip().split(";");
    String id = parts[0].strip();
    int at = id.indexOf('@');
    if (at <= 0 || at == id.length() - 1) {
      throw new IllegalArgumentException(
          "embedding model must be written name@version[;file=F][;channels=rgb|bgr][;crop=S]: "
              + spec);
    }
    String file = SHIPPED.file;
    boolean bgr = SHIPPED.bgr;
    float crop = SHIPPED.cropScale;
    for (int i = 1; i < parts.length; i++) {
      String[] option = parts[i].strip().split("=", 2);
      if (option.length != 2) {
        throw new IllegalArgumentException("bad embedding model option: " + parts[i]);
      }
      String value = option[1].strip();
      switch (option[0].strip().toLowerCase(Locale.ROOT)) {
        case "file" -> file = value;
        case "channels" ->
            bgr =
                switch (value.toLowerCase(Locale.ROOT)) {
                  case "rgb" -> false;
                  case "bgr" -> true;
                  default -> throw new IllegalArgumentException("channels must be rgb or bgr");
                };
        case "crop" -> crop = Float.parseFloat(value);
        default ->
            throw new IllegalArgumentException("unknown embedding model option: " + option[0]);
      }
    }
    return new EmbeddingModel(id.substring(0, at), id.substring(at + 1), file, bgr, crop);
  }

  /** The spec {@link #parse} reads back. */
  public String spec() {
    return id() + ";file=" + file + ";channels=" + (bgr ? "bgr" : "rgb") + ";crop=" + cropScale;
  }
}
