package io.faceattend.server.events;

import io.faceattend.server.audit.Store;
import io.faceattend.server.config.EventsConfig;
import io.faceattend.server.jobs.DailySummaries;
import io.faceattend.server.jobs.Jobs;
import io.faceattend.server.jobs.MissedCheckIns;
import io.faceattend.server.jobs.Retention;
import io.faceattend.server.notifications.EmailSender;
import io.faceattend.server.notifications.FcmPushSender;
import io.faceattend.server.notifications.NotificationPlanner;
import io.faceattend.server.notifications.NotificationSender;
import io.faceattend.server.notifications.PushSender;
import io.faceattend.server.notifications.SmtpEmailSender;
import io.faceattend.server.reports.AttendanceDays;
import io.faceattend.server.webhooks.WebhookDeliveries;
import io.faceattend.server.webhooks.Webhooks;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/**
 * Events out, assembled: the dispatcher (webhook deliveries, notifications by e-mail and push) and
 * the scheduled jobs (missed check-ins, retention). Delivery timings use the real time ({@code
 * Clock.systemUTC()}); the jobs use the platform's clock, whose "today" they judge.
 */
public final class EventPipeline implements AutoCloseable {

  private final EventDispatcher dispatcher;
  private final Jobs jobs;
  private final MissedCheckIns missedCheckIns;
  private final Retention retention;

  public EventPipeline(
      EventsConfig config,
      DataSource dataSource,
      DSLContext db,
      Webhooks webhooks,
      AttendanceDays days,
      Events events,
      Clock clock,
      ZoneId zone) {
    Clock realTime = Clock.systemUTC();
    DispatchSettings settings = config.dispatch();
    Optional<EmailSender> email =
        config.smtp().map(smtp -> new SmtpEmailSender(smtp, settings.requestTimeout()));
    Optional<PushSender> push =
        config
            .fcm()
            .map(
                fcm ->
                    new FcmPushSender(
                        fcm.credentials(), fcm.endpoint(), settings.requestTimeout(), realTime));
    WebhookDeliveries deliveries = new WebhookDeliveries(db, webhooks, settings, realTime);
    this.dispatcher =
        new EventDispatcher(
            db,
            settings,
            List.of(deliveries, new NotificationPlanner(email.isPresent(), push.isPresent())),
            List.of(deliveries, new NotificationSender(db, email, push, settings, realTime)));
    this.missedCheckIns = new MissedCheckIns(db, days, events, clock, zone);
    this.retention = new Retention(Store.of(db, clock), config.retention());
    this.jobs =
        config.jobsEnabled()
            ? new Jobs(
                dataSource,
                missedCheckIns,
                config.missedCheckInInterval(),
                config
                    .dailySummaryAt()
                    .map(at -> new DailySummaries(db, days, events, clock, zone, at)),
                retention,
                config.schedulerPollInterval())
            : null;
  }

  /** Starts the dispatcher and the scheduler (when FACEATTEND_JOBS_ENABLED). */
  public void start() {
    if (jobs != null) {
      dispatcher.start();
      jobs.start();
    }
  }

  /** The dispatcher, for tools and tests that run a round by hand. */
  public EventDispatcher dispatcher() {
    return dispatcher;
  }

  public MissedCheckIns missedCheckIns() {
    return missedCheckIns;
  }

  public Retention retention() {
    return retention;
  }

  @Override
  public void close() {
    dispatcher.close();
    if (jobs != null) {
      jobs.close();
    }
  }
}
