package io.faceattend.face;

/**
 * Outcome of comparing the probe's largest face with one or more templates.
 *
 * @param similarity highest cosine similarity over the templates, -1..1
 * @param match {@code similarity >= } the match threshold
 * @param bestTemplate index of the template that gave {@code similarity}
 * @param face the probe face (with liveness, eyes, pose, quality and embedding)
 */
public record VerifyResult(float similarity, boolean match, int bestTemplate, Face face) {}
