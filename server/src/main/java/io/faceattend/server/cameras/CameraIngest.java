package io.faceattend.server.cameras;

import io.faceattend.server.face.FaceGate;
import io.faceattend.server.identification.Identifier;
import java.time.Clock;

/**
 * What every camera's worker on this node shares: the ingest settings, the face engine's gates, the
 * identifier, the attendance it records into and the clock. The supervisor hands it to each worker
 * it starts.
 */
public record CameraIngest(
    CameraSettings settings,
    FaceGate faces,
    Identifier identifier,
    CameraAttendance attendance,
    Clock clock) {}
