package io.faceattend.server;

import io.faceattend.db.Database;
import io.faceattend.face.ErrorCode;
import io.faceattend.face.FaceEngine;
import io.faceattend.face.FaceEngineConfig;
import io.faceattend.face.FaceEngineException;
import io.faceattend.face.client.FaceEngineClient;
import io.faceattend.face.client.InProcessFaceEngineClient;
import io.faceattend.face.client.RemoteFaceEngineClient;
import io.faceattend.face.grpc.FaceEngineGrpcService;
import io.faceattend.face.grpc.StreamSettings;
import io.faceattend.face.grpc.TemplateResolver;
import io.faceattend.proto.v1.AbsenceServiceGrpc;
import io.faceattend.proto.v1.AdminServiceGrpc;
import io.faceattend.proto.v1.ApiKeyServiceGrpc;
import io.faceattend.proto.v1.AttendanceServiceGrpc;
import io.faceattend.proto.v1.AuditServiceGrpc;
import io.faceattend.proto.v1.AuthServiceGrpc;
import io.faceattend.proto.v1.CameraServiceGrpc;
import io.faceattend.proto.v1.CorrectionServiceGrpc;
import io.faceattend.proto.v1.EnrollmentServiceGrpc;
import io.faceattend.proto.v1.HistoryServiceGrpc;
import io.faceattend.proto.v1.HolidayServiceGrpc;
import io.faceattend.proto.v1.IdentificationServiceGrpc;
import io.faceattend.proto.v1.KioskServiceGrpc;
import io.faceattend.proto.v1.NotificationServiceGrpc;
import io.faceattend.proto.v1.PayrollServiceGrpc;
import io.faceattend.proto.v1.PeopleServiceGrpc;
import io.faceattend.proto.v1.PrivacyServiceGrpc;
import io.faceattend.proto.v1.ReportServiceGrpc;
import io.faceattend.proto.v1.SiteServiceGrpc;
import io.faceattend.proto.v1.UserServiceGrpc;
import io.faceattend.proto.v1.WebhookServiceGrpc;
import io.faceattend.server.absences.Absences;
import io.faceattend.server.attendance.AttendanceRules;
import io.faceattend.server.attendance.History;
import io.faceattend.server.attendance.Punches;
import io.faceattend.server.attendance.TodayStatus;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.AuditQueries;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.ApiKeys;
import io.faceattend.server.auth.AuthInterceptor;
import io.faceattend.server.auth.Authentication;
import io.faceattend.server.auth.LoginThrottle;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.auth.Registration;
import io.faceattend.server.auth.SessionVerifier;
import io.faceattend.server.auth.TokenService;
import io.faceattend.server.cameras.AttendanceLogs;
import io.faceattend.server.cameras.CameraAttendance;
import io.faceattend.server.cameras.CameraIngest;
import io.faceattend.server.cameras.CameraSupervisor;
import io.faceattend.server.cameras.Cameras;
import io.faceattend.server.config.ConfigException;
import io.faceattend.server.config.SecretFiles;
import io.faceattend.server.config.ServerConfig;
import io.faceattend.server.corrections.Corrections;
import io.faceattend.server.enrollment.EnrollmentReview;
import io.faceattend.server.enrollment.Enrollments;
import io.faceattend.server.enrollment.TemplateModels;
import io.faceattend.server.enrollment.Templates;
import io.faceattend.server.error.ErrorInterceptor;
import io.faceattend.server.error.TextInputCheck;
import io.faceattend.server.events.EventFeed;
import io.faceattend.server.events.EventPipeline;
import io.faceattend.server.events.Events;
import io.faceattend.server.face.FaceAdmission;
import io.faceattend.server.face.FaceGate;
import io.faceattend.server.grpc.AbsenceGrpcService;
import io.faceattend.server.grpc.AdminGrpcService;
import io.faceattend.server.grpc.ApiKeyGrpcService;
import io.faceattend.server.grpc.AttendanceGrpcService;
import io.faceattend.server.grpc.AuditGrpcService;
import io.faceattend.server.grpc.AuthGrpcService;
import io.faceattend.server.grpc.CameraGrpcService;
import io.faceattend.server.grpc.CorrectionGrpcService;
import io.faceattend.server.grpc.EnrollmentGrpcService;
import io.faceattend.server.grpc.HistoryGrpcService;
import io.faceattend.server.grpc.HolidayGrpcService;
import io.faceattend.server.grpc.IdentificationGrpcService;
import io.faceattend.server.grpc.KioskGrpcService;
import io.faceattend.server.grpc.NotificationGrpcService;
import io.faceattend.server.grpc.PayrollGrpcService;
import io.faceattend.server.grpc.PeopleGrpcService;
import io.faceattend.server.grpc.PrivacyGrpcService;
import io.faceattend.server.grpc.ReportGrpcService;
import io.faceattend.server.grpc.SiteGrpcService;
import io.faceattend.server.grpc.UserGrpcService;
import io.faceattend.server.grpc.WebhookGrpcService;
import io.faceattend.server.holidays.Holidays;
import io.faceattend.server.identification.DuplicateFaces;
import io.faceattend.server.identification.FaceIdentification;
import io.faceattend.server.identification.FaceLogin;
import io.faceattend.server.identification.Gallery;
import io.faceattend.server.identification.GallerySync;
import io.faceattend.server.identification.IdentificationIndex;
import io.faceattend.server.identification.IdentificationSettings;
import io.faceattend.server.identification.Identifier;
import io.faceattend.server.identification.OpenSetDecision;
import io.faceattend.server.kiosks.Kiosks;
import io.faceattend.server.notifications.EmailSender;
import io.faceattend.server.notifications.Notifications;
import io.faceattend.server.notifications.SmtpEmailSender;
import io.faceattend.server.payroll.Payroll;
import io.faceattend.server.people.Departments;
import io.faceattend.server.people.People;
import io.faceattend.server.people.UserImport;
import io.faceattend.server.privacy.PersonalData;
import io.faceattend.server.ratelimit.RateLimitInterceptor;
import io.faceattend.server.ratelimit.RateLimiter;
import io.faceattend.server.reports.AttendanceDays;
import io.faceattend.server.reports.LiveStats;
import io.faceattend.server.reports.Reports;
import io.faceattend.server.schedule.ScheduleAdmin;
import io.faceattend.server.schedule.Schedules;
import io.faceattend.server.security.TemplateCipher;
import io.faceattend.server.sites.SiteAdmin;
import io.faceattend.server.sites.Sites;
import io.faceattend.server.users.UserAccounts;
import io.faceattend.server.webhooks.Webhooks;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The server side assembled: database, face engine (in this process, or remote engines to balance
 * across), domain objects and the gRPC services behind the auth interceptor. The gateway serves
 * {@link #services()} over gRPC, gRPC-Web and REST.
 */
public final class FaceAttendPlatform implements AutoCloseable {

  /** Length of a face template (the embedder's output). */
  private static final int TEMPLATE_DIMENSION = 512;

  private final ServerConfig config;
  private final Database database;
  private final FaceEngine localEngine;
  private final FaceEngineClient faceEngine;
  private final UserAccounts users;
  private final GallerySync gallerySync;
  private final List<ServerServiceDefinition> services;
  private final List<ServerServiceDefinition> bound;
  private final AuthInterceptor auth;
  private final ErrorInterceptor errors;
  private final TextInputCheck textCheck;
  private final RateLimitInterceptor rateLimits;
  private final EventPipeline eventPipeline;
  private final FaceAdmission faceAdmission;
  private final CameraSupervisor cameraSupervisor;
  private final EventFeed eventFeed;

  private FaceAttendPlatform(
      ServerConfig config,
      Database database,
      FaceEngine localEngine,
      FaceEngineClient faceEngine,
      FaceEngineConfig engineConfig,
      IdentificationSettings identification,
      Clock clock) {
    double matchThreshold = engineConfig.verifyThreshold();
    // remote engines run the same FACEATTEND_FACE_EMBEDDING_MODEL / _LEGACY_MODELS
    // (docs/face-engine.md)
    String currentModel = engineConfig.embeddingModel().id();
    Set<String> loadedModels = new LinkedHashSet<>();
    loadedModels.add(currentModel);
    engineConfig.legacyModels().forEach(m -> loadedModels.add(m.id()));
    this.config = config;
    this.database = database;
    this.localEngine = localEngine;
    this.faceEngine = faceEngine;
    var db = database.dsl();
    PasswordHasher hasher = new PasswordHasher();
    Events events = new Events(clock);
    AuditLog audit = new AuditLog(events);
    // the store's clock is in the platform's zone: business days and local times (store.zone())
    Store store = new Store(db, audit, clock.withZone(config.timeZone()));
    this.users = new UserAccounts(store, hasher);
    TokenService tokens = new TokenService(signingKey(config), config.accessTokenTtl(), clock);
    Authentication authentication =
        new Authentication(
            store,
            users,
            hasher,
            tokens,
            config.refreshTokenTtl(),
            new LoginThrottle.Limit(config.loginMaxFailures(), config.loginFailureWindow()));
    TemplateCipher cipher = new TemplateCipher(templateKey(config));
    this.faceAdmission =
        new FaceAdmission(config.effectiveFaceConcurrency(), config.effectiveFaceQueue());
    FaceGate faces = new FaceGate(faceEngine, matchThreshold, faceAdmission);
    Sites sites = new Sites(db);
    Schedules schedules = new Schedules(db);
    Templates templates = new Templates(store, cipher);
    // every active person's templates in memory, kept in step with the database and the other nodes
    this.gallerySync =
        GallerySync.start(
            db,
            database.dataSource(),
            new Gallery(db, cipher, currentModel),
            TEMPLATE_DIMENSION,
            IdentificationIndex.Settings.DEFAULT,
            identification.pollInterval());
    Identifier identifier = new Identifier(gallerySync, identification);
    AttendanceRules rules =
        new AttendanceRules(
            config.timeZone(),
            config.requireSite(),
            config.gpsAccuracyAllowanceM(),
            config.offlinePunchWindow());

    ApiKeys apiKeys = new ApiKeys(store);
    AuthInterceptor auth = new AuthInterceptor(tokens, new SessionVerifier(db), apiKeys);
    TodayStatus todayStatus = new TodayStatus(store, sites, schedules, rules);
    Punches punches = new Punches(store, faces, templates, sites, schedules, rules);
    DuplicateFaces duplicates = new DuplicateFaces(db, identifier, matchThreshold);
    List<ServerServiceDefinition> bound =
        new ArrayList<>(
            List.of(
                AuthServiceGrpc.bindService(
                    new AuthGrpcService(
                        authentication,
                        new Registration(
                            store,
                            users,
                            config.accounts(),
                            config
                                .events()
                                .smtp()
                                .map(
                                    smtp ->
                                        (EmailSender)
                                            new SmtpEmailSender(smtp, Duration.ofSeconds(10)))),
                        users)),
                UserServiceGrpc.bindService(new UserGrpcService(users)),
                AttendanceServiceGrpc.bindService(new AttendanceGrpcService(todayStatus, punches)),
                EnrollmentServiceGrpc.bindService(
                    new EnrollmentGrpcService(
                        new Enrollments(
                            store, faces, cipher, duplicates, config.accounts().consentVersion()))),
                HistoryServiceGrpc.bindService(new HistoryGrpcService(new History(db)))));
    People people = new People(store, users);
    SiteAdmin siteAdmin = new SiteAdmin(store, sites);
    bound.add(
        AdminServiceGrpc.bindService(
            new AdminGrpcService(
                new EnrollmentReview(store, cipher),
                people,
                siteAdmin,
                new ScheduleAdmin(store, schedules),
                new TemplateModels(db, currentModel, loadedModels))));
    bound.add(
        PeopleServiceGrpc.bindService(
            new PeopleGrpcService(people, new Departments(store), new UserImport(store, users))));
    AttendanceDays attendanceDays = new AttendanceDays(store, Absences.excusedDays());
    // cameras: one ingest worker per enabled camera, sharing this node's face engines
    this.cameraSupervisor =
        new CameraSupervisor(
            new CameraIngest(
                config.cameras(),
                faces,
                identifier,
                new CameraAttendance(store, punches, todayStatus, sites),
                clock),
            db,
            events);
    Cameras cameras = new Cameras(store, cipher, cameraSupervisor);
    bound.add(
        CameraServiceGrpc.bindService(new CameraGrpcService(cameras, new AttendanceLogs(store))));
    this.eventFeed = new EventFeed(store, config.events().dispatch().pollInterval());
    bound.add(
        ReportServiceGrpc.bindService(
            new ReportGrpcService(
                new Reports(attendanceDays),
                new LiveStats(db, attendanceDays, cameraSupervisor::counts),
                eventFeed)));
    Webhooks webhooks = new Webhooks(store, cipher);
    bound.add(WebhookServiceGrpc.bindService(new WebhookGrpcService(webhooks)));
    bound.add(
        NotificationServiceGrpc.bindService(new NotificationGrpcService(new Notifications(store))));
    this.eventPipeline =
        new EventPipeline(
            config.events(),
            database.dataSource(),
            db,
            webhooks,
            attendanceDays,
            events,
            clock,
            config.timeZone());
    bound.add(
        PayrollServiceGrpc.bindService(new PayrollGrpcService(new Payroll(store, attendanceDays))));
    bound.add(AuditServiceGrpc.bindService(new AuditGrpcService(new AuditQueries(store))));
    bound.add(HolidayServiceGrpc.bindService(new HolidayGrpcService(new Holidays(store))));
    bound.add(SiteServiceGrpc.bindService(new SiteGrpcService(siteAdmin)));
    bound.add(
        IdentificationServiceGrpc.bindService(
            new IdentificationGrpcService(
                new FaceLogin(store, faces, identifier, authentication, identification),
                new FaceIdentification(db, faces, identifier))));
    bound.add(
        KioskServiceGrpc.bindService(
            new KioskGrpcService(
                new Kiosks(db, apiKeys, faces, identifier, punches, todayStatus, sites))));
    bound.add(AbsenceServiceGrpc.bindService(new AbsenceGrpcService(new Absences(store))));
    bound.add(ApiKeyServiceGrpc.bindService(new ApiKeyGrpcService(apiKeys)));
    bound.add(
        PrivacyServiceGrpc.bindService(new PrivacyGrpcService(new PersonalData(store, hasher))));
    bound.add(CorrectionServiceGrpc.bindService(new CorrectionGrpcService(new Corrections(store))));
    if (localEngine != null) {
      // admins, kiosks, cameras and partners call the engine directly (see face_engine.proto;
      // subjects are user ids)
      bound.add(
          new FaceEngineGrpcService(
                  localEngine,
                  subjects(templates, currentModel, identifier),
                  StreamSettings.DEFAULT)
              .bindService());
    }
    // the last interceptor runs first: errors wraps auth (whatever either throws is answered the
    // same way),
    // then credentials, then the text check of each request message
    this.errors = new ErrorInterceptor();
    this.textCheck = new TextInputCheck();
    // just inside auth: it counts once the caller is known, on the call's executor
    this.rateLimits =
        new RateLimitInterceptor(new RateLimiter(store, config.accounts().rateLimits()));
    this.auth = auth;
    this.bound = List.copyOf(bound);
    this.services =
        bound.stream()
            .map(
                service ->
                    ServerInterceptors.intercept(service, textCheck, rateLimits, auth, errors))
            .toList();
    eventPipeline.start();
    cameraSupervisor.start(cameras);
  }

  /**
   * Opens the database (starting the embedded one if configured so), the face engine, and builds
   * the services.
   */
  public static FaceAttendPlatform start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static FaceAttendPlatform start(ServerConfig config, Clock clock) {
    return start(config, clock, IdentificationSettings.fromEnvironment());
  }

  public static FaceAttendPlatform start(
      ServerConfig config, Clock clock, IdentificationSettings identification) {
    FaceEngineConfig engineConfig = FaceEngineConfig.fromEnvironment();
    Database database = Database.open(config.database());
    FaceEngine engine = null;
    FaceEngineClient client = null;
    try {
      if (config.faceEngineAddresses().isEmpty()) {
        engine = new FaceEngine(engineConfig);
        client = new InProcessFaceEngineClient(engine, TemplateResolver.NONE);
      } else {
        client = new RemoteFaceEngineClient(config.faceEngineAddresses());
      }
      return new FaceAttendPlatform(
          config, database, engine, client, engineConfig, identification, clock);
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      if (engine != null) {
        engine.close();
      }
      database.close();
      throw e;
    }
  }

  /**
   * The engine's subjects are user ids: their approved templates, and identification among the
   * active people for streams that identify (the index and open-set rule of face login and kiosks).
   */
  private static TemplateResolver subjects(
      Templates templates, String currentModel, Identifier identifier) {
    return new TemplateResolver() {
      @Override
      public List<float[]> templatesOf(String subjectId) {
        long userId;
        try {
          userId = Long.parseLong(subjectId.trim());
        } catch (NumberFormatException e) {
          throw new FaceEngineException(ErrorCode.SUBJECT_NOT_FOUND, "subject must be a user id");
        }
        // the stream's frames are embedded by the current model: its templates only
        List<float[]> found = templates.approvedOf(userId, currentModel);
        if (found.isEmpty()) {
          throw new FaceEngineException(
              ErrorCode.SUBJECT_NOT_FOUND, "user " + userId + " has no approved face templates");
        }
        return found;
      }

      @Override
      public Optional<Identified> identify(float[] embedding) {
        OpenSetDecision.Outcome outcome = identifier.identify(embedding);
        return outcome
            .userId()
            .map(id -> new Identified(Long.toString(id), (float) outcome.bestSimilarity()));
      }
    };
  }

  private static byte[] signingKey(ServerConfig config) {
    return config
        .jwtSecret()
        .map(
            secret -> {
              byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
              if (bytes.length < 32) {
                throw new ConfigException("FACEATTEND_JWT_SECRET must be at least 32 bytes long");
              }
              return bytes;
            })
        .orElseGet(
            () ->
                SecretFiles.loadOrCreate(
                    config.dataDirectory().resolve("secrets/jwt-signing.key"), 32));
  }

  private static byte[] templateKey(ServerConfig config) {
    return config
        .templateKey()
        .map(
            value -> {
              try {
                byte[] key = Base64.getDecoder().decode(value);
                if (key.length != 32) {
                  throw new ConfigException(
                      "FACEATTEND_TEMPLATE_KEY must be 32 bytes, base64-encoded");
                }
                return key;
              } catch (IllegalArgumentException e) {
                throw new ConfigException("FACEATTEND_TEMPLATE_KEY must be base64");
              }
            })
        .orElseGet(
            () ->
                SecretFiles.loadOrCreate(
                    config.dataDirectory().resolve("secrets/template.key"), 32));
  }

  /** The gRPC services, each behind the error and auth interceptors. */
  public List<ServerServiceDefinition> services() {
    return services;
  }

  /**
   * The services with {@code authenticated} run just inside the auth interceptor: it sees the
   * signed-in {@link io.faceattend.server.auth.Caller} (the gateway's observability reads who
   * called).
   */
  public List<ServerServiceDefinition> services(ServerInterceptor authenticated) {
    return bound.stream()
        .map(
            service ->
                ServerInterceptors.intercept(
                    service, textCheck, authenticated, rateLimits, auth, errors))
        .toList();
  }

  public UserAccounts users() {
    return users;
  }

  /** The face engine running in this process (for its stage metrics); empty with remote engines. */
  public Optional<FaceEngine> localFaceEngine() {
    return Optional.ofNullable(localEngine);
  }

  /** The bounded queue in front of this node's face work (for the in-flight gauge). */
  public FaceAdmission faceAdmission() {
    return faceAdmission;
  }

  public Database database() {
    return database;
  }

  public ServerConfig config() {
    return config;
  }

  /**
   * This node's identification index and its link to the database (tests and benchmarks look at
   * it).
   */
  public GallerySync gallerySync() {
    return gallerySync;
  }

  /** This node's camera workers (benchmarks read their health). */
  public CameraSupervisor cameras() {
    return cameraSupervisor;
  }

  /** Webhooks, notifications and scheduled jobs. */
  public EventPipeline events() {
    return eventPipeline;
  }

  @Override
  public void close() {
    cameraSupervisor.close();
    eventFeed.close();
    eventPipeline.close();
    gallerySync.close();
    faceEngine.close();
    if (localEngine != null) {
      localEngine.close();
    }
    database.close();
  }
}
