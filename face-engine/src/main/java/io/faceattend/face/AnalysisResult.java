package io.faceattend.face;

import java.util.List;

/**
 * The faces of one image in verification order: the face the engine would verify first (the largest
 * confident one, see {@code FaceEngine.verificationOrder}), then the others.
 *
 * @param faces analysed faces (at most the requested maximum)
 * @param facesFound faces detected, including any beyond the requested maximum
 * @param imageWidth width of the upright image in pixels
 * @param imageHeight height of the upright image in pixels
 * @param rotation clockwise rotation in degrees (0, 90, 180, 270) the engine applied to find faces
 *     in a sideways image without EXIF orientation; coordinates refer to the rotated image
 */
public record AnalysisResult(
    List<Face> faces, int facesFound, int imageWidth, int imageHeight, int rotation) {}
