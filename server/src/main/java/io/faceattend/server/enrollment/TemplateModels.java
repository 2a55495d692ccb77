package io.faceattend.server.enrollment;

import static io.faceattend.db.jooq.Tables.ENROLLMENTS;
import static io.faceattend.db.jooq.Tables.FACE_TEMPLATES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.types.EnrollmentStatus;
import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.GetTemplateModelReportResponse;
import io.faceattend.proto.v1.PersonOnOldModel;
import io.faceattend.proto.v1.TemplateModelCount;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.error.Fields;
import java.util.List;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The admin report of a model upgrade: templates per embedding model, and the people (active, with
 * an approved enrolment) who have no template of the current model yet.
 *
 * @param currentModel the face engine's current embedding model id
 * @param loadedModels every model id the engine has loaded (current and legacy)
 */
public record TemplateModels(DSLContext db, String currentModel, Set<String> loadedModels) {

  /** Each template with its enrolment and its person, which the report's filters look at. */
  private static final Table<?> TEMPLATES_OF_PEOPLE =
      FACE_TEMPLATES
          .join(ENROLLMENTS)
          .on(ENROLLMENTS.ID.eq(FACE_TEMPLATES.ENROLLMENT_ID))
          .join(USERS)
          .on(USERS.ID.eq(FACE_TEMPLATES.USER_ID));

  public TemplateModels {
    loadedModels = Set.copyOf(loadedModels);
  }

  public GetTemplateModelReportResponse report(Caller admin, int page, int limit) {
    Fields.Page paging = Fields.Page.of(page, limit, "limit", 50, 500);
    Condition counted =
        ENROLLMENTS
            .STATUS
            .eq(EnrollmentStatus.APPROVED)
            .and(USERS.STATUS.eq(UserStatus.ACTIVE))
            .and(USERS.DEACTIVATED_AT.isNull());
    GetTemplateModelReportResponse.Builder report =
        GetTemplateModelReportResponse.newBuilder().setCurrentModel(currentModel);
    var people = DSL.countDistinct(FACE_TEMPLATES.USER_ID);
    var templates = DSL.count();
    db.select(FACE_TEMPLATES.MODEL, templates, people)
        .from(TEMPLATES_OF_PEOPLE)
        .where(counted)
        .groupBy(FACE_TEMPLATES.MODEL)
        .orderBy(
            DSL.when(FACE_TEMPLATES.MODEL.eq(currentModel), 0).otherwise(1), FACE_TEMPLATES.MODEL)
        .forEach(
            row ->
                report.addModels(
                    TemplateModelCount.newBuilder()
                        .setModel(row.value1())
                        .setTemplates(row.value2())
                        .setPeople(row.value3())
                        .setCurrent(row.value1().equals(currentModel))
                        .setLoaded(loadedModels.contains(row.value1()))));

    // people whose approved templates are all of other models
    var models = DSL.arrayAggDistinct(FACE_TEMPLATES.MODEL);
    Condition noCurrent =
        DSL.notExists(
            DSL.selectOne()
                .from(FACE_TEMPLATES.as("cur"))
                .where(
                    FACE_TEMPLATES
                        .as("cur")
                        .ENROLLMENT_ID
                        .eq(ENROLLMENTS.ID)
                        .and(FACE_TEMPLATES.as("cur").MODEL.eq(currentModel))));
    var oldOnly =
        db.select(USERS.ID, USERS.USERNAME, USERS.NAME, models)
            .from(TEMPLATES_OF_PEOPLE)
            .where(counted)
            .and(noCurrent)
            .groupBy(USERS.ID, USERS.USERNAME, USERS.NAME);
    report.setPeopleOnOldModels(db.fetchCount(oldOnly));
    List<PersonOnOldModel> listed =
        oldOnly
            .orderBy(USERS.ID)
            .limit(paging.size())
            .offset((long) (paging.number() - 1) * paging.size())
            .fetch(
                row ->
                    PersonOnOldModel.newBuilder()
                        .setUserId(row.value1())
                        .setUsername(row.value2())
                        .setName(row.value3() == null ? "" : row.value3())
                        .addAllModels(List.of(row.value4()))
                        .build());
    return report.addAllPeople(listed).build();
  }
}
