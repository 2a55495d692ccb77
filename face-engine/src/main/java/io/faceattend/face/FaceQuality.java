package io.faceattend.face;

/**
 * Image-quality measures of one face.
 *
 * @param faceSize the shorter side of the face box, in pixels of the original image
 * @param sharpness variance of the Laplacian of the aligned 112x112 grey face (higher is sharper;
 *     below ~20 is blurred)
 * @param brightness mean grey level of the aligned face, 0..255
 */
public record FaceQuality(float faceSize, float sharpness, float brightness) {}
