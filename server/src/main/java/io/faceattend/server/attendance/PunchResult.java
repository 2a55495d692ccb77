package io.faceattend.server.attendance;

import java.time.LocalDateTime;

/** An accepted punch: the local time recorded and whether it respects the schedule. */
public record PunchResult(LocalDateTime localTime, boolean withinAllowedTime) {}
