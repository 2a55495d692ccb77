// Runs against a live gateway: FACEATTEND_URL (started by scripts/test.sh), users created there:
// FACEATTEND_TEST_EMPLOYEE / FACEATTEND_TEST_ADMIN as "username:password", photos from FACEATTEND_SHARED_DIR.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { AttendanceStatus, UserStatus } from "../gen/faceattend/v1/attendance_pb.js";
import { FaceAttendClient, errorReason } from "../src/client.js";

const url = process.env.FACEATTEND_URL ?? "http://127.0.0.1:8080";
const [employeeName, employeePassword] = (process.env.FACEATTEND_TEST_EMPLOYEE ?? "ts-employee:ts-employee-pass").split(":");
const [adminName, adminPassword] = (process.env.FACEATTEND_TEST_ADMIN ?? "ts-admin:ts-admin-pass").split(":");
const faces = join(process.env.FACEATTEND_SHARED_DIR ?? "../../../shared", "faces");
const photo = (relative) => new Uint8Array(readFileSync(join(faces, relative)));

test("wrong password is refused with invalid_credentials", async () => {
  const client = new FaceAttendClient(url);
  await assert.rejects(client.login(employeeName, "not-the-password"), (error) => {
    assert.equal(ConnectError.from(error).code, Code.Unauthenticated);
    assert.equal(errorReason(error), "invalid_credentials");
    return true;
  });
});

test("login, status, enrol, approval, check-in over gRPC-Web", async () => {
  const employee = new FaceAttendClient(url, { deviceId: "ts-test-phone" });
  const login = await employee.login(employeeName, employeePassword);
  assert.equal(login.isFirstLogin, true);
  assert.equal(login.user.username, employeeName);
  assert.equal(typeof login.user.id, "bigint");

  let status = await employee.status();
  assert.equal(status.userStatus, UserStatus.FIRST_LOGIN);
  assert.equal(status.attendanceStatus, AttendanceStatus.NOT_CHECKED_IN);
  assert.match(status.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(status.checkInTime, undefined);

  const enrolled = await employee.enroll(photo("people/mark_zuckerberg/1.jpg"));
  assert.equal(enrolled.images[0].accepted, true);
  assert.equal((await employee.status()).userStatus, UserStatus.PENDING);

  const admin = new FaceAttendClient(url);
  await admin.login(adminName, adminPassword);
  const { site } = await admin.admin.createSite({
    name: "TS test site", timeZone: "UTC", center: { latitude: 37.4847, longitude: -122.1477 }, radiusM: 250,
  });
  await admin.admin.addSiteMembers({ siteId: site.id, userIds: [login.user.id] });
  await admin.admin.approveUser({ userId: login.user.id });

  status = await employee.status();
  assert.equal(status.userStatus, UserStatus.ACTIVE);

  const checkIn = await employee.checkIn(photo("people/mark_zuckerberg/3.jpg"), 37.4849, -122.1475);
  assert.equal(checkIn.verified, true);
  assert.equal(checkIn.liveness, true);
  assert.match(checkIn.checkInTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

  status = await employee.status();
  assert.equal(status.attendanceStatus, AttendanceStatus.CHECKED_IN);
  assert.match(status.checkInTime, /^\d{2}:\d{2}$/);

  // a stale access token is refreshed once, transparently
  employee.accessToken = "stale.token.value";
  assert.equal((await employee.profile()).user.username, employeeName);
});
