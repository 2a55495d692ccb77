// FaceAttend client over gRPC-Web, on the stubs protoc-gen-es generates from proto/, for any transport:
// src/client.js binds it to Node's (connect-node), src/browser.js to the browser's fetch (connect-web).
// It signs in, attaches the bearer token to every call, and on UNAUTHENTICATED refreshes the tokens once and
// retries the call (a refused refresh is thrown: sign in again).
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { AdminService } from "../gen/faceattend/v1/admin_pb.js";
import { AttendanceService, DevicePlatform } from "../gen/faceattend/v1/attendance_pb.js";
import { AuthService } from "../gen/faceattend/v1/auth_pb.js";
import { EnrollmentService } from "../gen/faceattend/v1/enrollment_pb.js";
import { HistoryService } from "../gen/faceattend/v1/history_pb.js";
import { UserService } from "../gen/faceattend/v1/user_pb.js";
import { ErrorInfoSchema } from "../gen/google/rpc/error_details_pb.js";

export { DevicePlatform };

/** The platform's error code (e.g. "invalid_credentials") of a failed call, or undefined. */
export function errorReason(error) {
  const info = ConnectError.from(error).findDetails(ErrorInfoSchema)[0];
  return info?.reason;
}

export class FaceAttendClientCore {
  /**
   * @param {string} baseUrl gateway URL, e.g. https://attendance.example.com
   * @param {{device?: DevicePlatform, deviceId?: string}} options
   * @param {(options: {baseUrl: string, interceptors: unknown[]}) => unknown} createGrpcWebTransport the
   *     platform's gRPC-Web transport factory (connect-node or connect-web)
   */
  constructor(baseUrl, { device = DevicePlatform.ANDROID, deviceId = "node-client" } = {}, createGrpcWebTransport) {
    this.device = device;
    this.deviceId = deviceId;
    this.accessToken = undefined;
    this.refreshToken = undefined;
    const bearer = (next) => async (request) => {
      if (this.accessToken) {
        request.header.set("authorization", `Bearer ${this.accessToken}`);
      }
      return next(request);
    };
    const transport = createGrpcWebTransport({ baseUrl, interceptors: [bearer] });
    this.auth = createClient(AuthService, transport);
    this.users = createClient(UserService, transport);
    this.attendance = createClient(AttendanceService, transport);
    this.enrollment = createClient(EnrollmentService, transport);
    this.historyService = createClient(HistoryService, transport);
    this.admin = createClient(AdminService, transport);
  }

  async login(username, password) {
    const response = await this.auth.login({ username, password });
    this.accessToken = response.accessToken;
    this.refreshToken = response.refreshToken;
    this.user = response.user;
    return response;
  }

  async refresh() {
    // opts in to rotation: the answer carries the next refresh token, and the one sent is used up
    const response = await this.auth.refresh({ refreshToken: this.refreshToken, rotate: true });
    this.accessToken = response.accessToken;
    this.refreshToken = response.refreshToken;
  }

  async #withRefresh(call) {
    try {
      return await call();
    } catch (error) {
      if (ConnectError.from(error).code !== Code.Unauthenticated || !this.refreshToken) {
        throw error;
      }
      await this.refresh();
      return call();
    }
  }

  status() {
    return this.#withRefresh(() => this.attendance.getStatus({}));
  }

  profile() {
    return this.#withRefresh(() => this.users.getProfile({}));
  }

  /** @param {...Uint8Array} images photos of the signed-in user's face */
  enroll(...images) {
    return this.#withRefresh(() =>
      this.enrollment.enroll({ images, device: this.device, deviceId: this.deviceId }));
  }

  checkIn(image, latitude, longitude, requestId = crypto.randomUUID()) {
    return this.#withRefresh(() => this.attendance.checkIn({
      image, latitude, longitude, requestId, device: this.device, deviceId: this.deviceId,
    }));
  }

  checkOut(image, latitude, longitude, requestId = crypto.randomUUID()) {
    return this.#withRefresh(() => this.attendance.checkOut({
      image, latitude, longitude, requestId, device: this.device, deviceId: this.deviceId,
    }));
  }

  history({ page = 1, limit = 20, from = "", to = "" } = {}) {
    return this.#withRefresh(() => this.historyService.listHistory({ page, limit, from, to }));
  }

  async logout() {
    await this.#withRefresh(() => this.auth.logout({}));
    this.accessToken = undefined;
    this.refreshToken = undefined;
  }
}
