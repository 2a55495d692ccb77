package io.faceattend.server.enrollment;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.faceattend.proto.v1.EnrollImageReport;
import java.util.List;

/** The per-image report of an enrolment as stored in enrollments.image_report (JSON array). */
final class ReportJson {

  private ReportJson() {}

  static String of(List<EnrollImageReport> reports) {
    StringBuilder json = new StringBuilder("[");
    try {
      for (EnrollImageReport report : reports) {
        json.append(json.length() > 1 ? "," : "")
            .append(
                JsonFormat.printer()
                    .omittingInsignificantWhitespace()
                    .preservingProtoFieldNames()
                    .print(report));
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    return json.append(']').toString();
  }
}
