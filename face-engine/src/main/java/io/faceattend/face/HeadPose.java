package io.faceattend.face;

/**
 * Head rotation in degrees: yaw (left/right), pitch (up/down), roll (in-plane tilt); 0,0,0 faces
 * the camera.
 */
public record HeadPose(float yaw, float pitch, float roll) {}
