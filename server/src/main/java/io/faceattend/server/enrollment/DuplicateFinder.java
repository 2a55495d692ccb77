package io.faceattend.server.enrollment;

import java.util.List;

/**
 * Finds active people, other than the one enrolling, whose face matches an enrolment's templates
 * (one person holding two accounts). Implemented by identification/DuplicateFaces over the
 * identification index.
 */
public interface DuplicateFinder {

  /** A matching person and the best similarity between their templates and the enrolment's. */
  record Duplicate(long userId, String name, double similarity) {}

  /** No search at all (tests and tools without an index). */
  DuplicateFinder NONE = (userId, templates) -> List.of();

  List<Duplicate> find(long enrollingUserId, List<float[]> templates);
}
