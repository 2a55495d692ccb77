// FaceAttend client for browsers: the core client over connect-web's gRPC-Web transport (fetch). The gateway
// must list the page's origin in FACEATTEND_CORS_ORIGINS.
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { FaceAttendClientCore } from "./core.js";

export { DevicePlatform, errorReason } from "./core.js";

export class FaceAttendClient extends FaceAttendClientCore {
  /**
   * @param {string} baseUrl gateway URL, e.g. https://attendance.example.com
   * @param {{device?: import("./core.js").DevicePlatform, deviceId?: string}} [options]
   */
  constructor(baseUrl, options = {}) {
    super(baseUrl, { deviceId: "browser-client", ...options }, createGrpcWebTransport);
  }
}
