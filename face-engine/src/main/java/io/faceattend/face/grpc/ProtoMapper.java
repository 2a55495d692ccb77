package io.faceattend.face.grpc;

import io.faceattend.face.Face;
import io.faceattend.face.Point;
import io.faceattend.proto.v1.FaceAnalysis;
import io.faceattend.proto.v1.FaceBox;
import io.faceattend.proto.v1.FacePoint;
import io.faceattend.proto.v1.FaceQuality;
import io.faceattend.proto.v1.FaceTemplate;
import io.faceattend.proto.v1.HeadPose;
import java.util.ArrayList;
import java.util.List;

/** Converts between engine values and faceattend.v1 messages. */
public final class ProtoMapper {
  private ProtoMapper() {}

  public static FaceAnalysis toProto(Face face, boolean withEmbedding) {
    FaceAnalysis.Builder builder =
        FaceAnalysis.newBuilder()
            .setBox(
                FaceBox.newBuilder()
                    .setX1(face.box().x1())
                    .setY1(face.box().y1())
                    .setX2(face.box().x2())
                    .setY2(face.box().y2()))
            .setScore(face.score())
            .setQuality(
                FaceQuality.newBuilder()
                    .setFaceSize(face.quality().faceSize())
                    .setSharpness(face.quality().sharpness())
                    .setBrightness(face.quality().brightness()))
            .setLivenessScore(face.liveness().score())
            .setLive(face.liveness().live())
            .setLeftEyeOpenScore(face.eyes().leftOpenScore())
            .setRightEyeOpenScore(face.eyes().rightOpenScore())
            .setEyesOpen(face.eyesOpen())
            .setPose(
                HeadPose.newBuilder()
                    .setYaw(face.pose().yaw())
                    .setPitch(face.pose().pitch())
                    .setRoll(face.pose().roll()));
    for (Point point : face.landmarks()) {
      builder.addLandmarks(FacePoint.newBuilder().setX(point.x()).setY(point.y()));
    }
    if (withEmbedding && face.embedding() != null) {
      for (float v : face.embedding()) {
        builder.addEmbedding(v);
      }
    }
    return builder.build();
  }

  public static List<float[]> fromProto(List<FaceTemplate> templates) {
    List<float[]> out = new ArrayList<>(templates.size());
    for (FaceTemplate template : templates) {
      float[] values = new float[template.getEmbeddingCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = template.getEmbedding(i);
      }
      out.add(values);
    }
    return out;
  }

  public static FaceTemplate toTemplate(float[] embedding) {
    FaceTemplate.Builder builder = FaceTemplate.newBuilder();
    for (float v : embedding) {
      builder.addEmbedding(v);
    }
    return builder.build();
  }
}
