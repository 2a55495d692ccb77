package io.faceattend.gateway.console;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.ServerCacheControl;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.file.HttpFile;

/**
 * The web console (console/ in the repository, built by Vite into the gateway's class path under
 * {@code console/}): {@code /assets/...} are content-hashed, so browsers may keep them for a year;
 * any other GET outside {@code /api/} is a file of the console's root (favicon) or, failing that,
 * {@code index.html}, so that a reload of a screen's address ({@code /people}) opens the
 * single-page app there. {@code index.html} itself is revalidated on every load, so a new build is
 * picked up at once.
 */
public final class ConsoleService {

  private static final String ROOT = "console";

  /** Vite names every bundled file after its content: a changed file gets a new name. */
  private static final String HASHED_ASSET_CACHE = "public, max-age=31536000, immutable";

  private ConsoleService() {}

  /**
   * Adds the console's routes. The catch-all is a prefix route, so every exact or longer route
   * (REST, gRPC, {@code /docs}, {@code /metrics}) still wins; {@code /api/} is excluded so unknown
   * API paths keep their JSON 404 and a GET on a POST route its 405.
   */
  public static void addTo(ServerBuilder sb) {
    ClassLoader classes = ConsoleService.class.getClassLoader();
    HttpService index =
        HttpFile.builder(classes, ROOT + "/index.html")
            .cacheControl(ServerCacheControl.REVALIDATED)
            .build()
            .asService();
    sb.serviceUnder(
        "/assets/",
        FileService.builder(classes, ROOT + "/assets")
            .cacheControl(HASHED_ASSET_CACHE)
            .autoIndex(false)
            .build());
    sb.route()
        .methods(HttpMethod.GET, HttpMethod.HEAD)
        .pathPrefix("/")
        .exclude("prefix:/api/")
        .exclude("prefix:/assets/")
        // with a management port these live there only: the public port answers 404, not the
        // console
        .exclude("exact:/metrics")
        .exclude("exact:/docs")
        .exclude("prefix:/docs/")
        .build(
            FileService.builder(classes, ROOT)
                .cacheControl(ServerCacheControl.REVALIDATED)
                .autoIndex(false)
                .build()
                .orElse(index));
  }
}
