package io.faceattend.face;

/** A point in pixels of the upright image. */
public record Point(float x, float y) {}
