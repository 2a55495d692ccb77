/**
 * Fixed cameras: the registry ({@link io.faceattend.server.cameras.Cameras}), one ingest worker per
 * enabled camera ({@link io.faceattend.server.cameras.CameraWorker}, started and watched by {@link
 * io.faceattend.server.cameras.CameraSupervisor}), the face tracker, and the attendance log the
 * workers write ({@link io.faceattend.server.cameras.CameraAttendance}, {@link
 * io.faceattend.server.cameras.AttendanceLogs}).
 */
@NullMarked
package io.faceattend.server.cameras;

import org.jspecify.annotations.NullMarked;
