// FaceAttend client for Node.js: the core client over connect-node's gRPC-Web transport (HTTP/1.1).
import { createGrpcWebTransport } from "@connectrpc/connect-node";
import { FaceAttendClientCore } from "./core.js";

export { DevicePlatform, errorReason } from "./core.js";

export class FaceAttendClient extends FaceAttendClientCore {
  /**
   * @param {string} baseUrl gateway URL, e.g. https://attendance.example.com
   * @param {{device?: import("./core.js").DevicePlatform, deviceId?: string}} [options]
   */
  constructor(baseUrl, options = {}) {
    super(baseUrl, options, (transport) => createGrpcWebTransport({ ...transport, httpVersion: "1.1" }));
  }
}
