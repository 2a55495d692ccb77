package io.faceattend.face.pipeline;

import io.faceattend.face.FaceBox;

/** A raw detector hit: box in pixels of the image searched, and confidence. */
public record Detection(FaceBox box, float score) {}
