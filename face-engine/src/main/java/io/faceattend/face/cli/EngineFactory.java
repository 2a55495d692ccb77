package io.faceattend.face.cli;

import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;

/** How the CLI commands get their engine; tests substitute a shared one. */
@FunctionalInterface
public interface EngineFactory {
  /** Builds an engine from the environment ({@link FaceEngineConfig#fromEnvironment()}). */
  EngineFactory FROM_ENVIRONMENT = () -> new FaceEngine(FaceEngineConfig.fromEnvironment());

  FaceEngine create();
}
