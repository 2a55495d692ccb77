package io.faceattend.server.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recurring jobs on db-scheduler, whose {@code scheduled_tasks} table in PostgreSQL makes each
 * run happen on one node only (the node that picks it; a dead node's run is taken over after missed
 * heartbeats).
 */
public final class Jobs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Jobs.class);

  private final Scheduler scheduler;

  public Jobs(
      DataSource dataSource,
      MissedCheckIns missedCheckIns,
      Duration missedEvery,
      Optional<DailySummaries> dailySummaries,
      Retention retention,
      Duration pollInterval) {
    RecurringTask<Void> missed =
        Tasks.recurring("missed-check-ins", FixedDelay.of(missedEvery))
            .execute(
                (instance, context) -> {
                  int found = missedCheckIns.detect();
                  if (found > 0) {
                    log.info("Missed check-ins recorded: {}", found);
                  }
                });
    RecurringTask<Void> cleanup =
        Tasks.recurring("retention", FixedDelay.ofHours(24))
            .execute(
                (instance, context) -> log.info("Retention clean-up deleted {}", retention.run()));
    List<RecurringTask<?>> tasks = new ArrayList<>(List.of(missed, cleanup));
    dailySummaries.ifPresent(
        summaries ->
            tasks.add(
                Tasks.recurring("daily-summaries", FixedDelay.of(missedEvery))
                    .execute(
                        (instance, context) -> {
                          int sent = summaries.run();
                          if (sent > 0) {
                            log.info("Daily summaries sent to {} managers", sent);
                          }
                        })));
    this.scheduler =
        Scheduler.create(dataSource)
            .startTasks(tasks)
            .schedulerName(
                new SchedulerName.Fixed(
                    "faceattend-" + UUID.randomUUID().toString().substring(0, 8)))
            .pollingInterval(pollInterval)
            .heartbeatInterval(pollInterval.multipliedBy(3))
            .threads(2)
            .build();
  }

  public void start() {
    scheduler.start();
  }

  @Override
  public void close() {
    scheduler.stop();
  }
}
