package io.faceattend.face;

/**
 * Presentation-attack check of one face.
 *
 * @param score probability (0..1) that the face is a live person in front of the camera
 * @param live {@code score >= } the engine's liveness threshold
 */
public record Liveness(float score, boolean live) {}
