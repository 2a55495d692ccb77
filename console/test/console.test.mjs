// The web console in a real browser (Debian's Chromium driven by playwright-core) against a live gateway:
// FACEATTEND_URL (started by scripts/test.sh), an admin created there (FACEATTEND_CONSOLE_ADMIN "user:password"),
// photos from FACEATTEND_SHARED_DIR. FACEATTEND_CONSOLE_SCREENSHOTS=<dir> also saves the screens for docs/console.md.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

const url = process.env.FACEATTEND_URL ?? "http://127.0.0.1:8080";
const [adminName, adminPassword] = (process.env.FACEATTEND_CONSOLE_ADMIN ?? "console-admin:console-admin-pass").split(":");
const faces = join(process.env.FACEATTEND_SHARED_DIR ?? "../../shared", "faces");
const screenshots = process.env.FACEATTEND_CONSOLE_SCREENSHOTS;
const chromiumPath = process.env.FACEATTEND_CHROMIUM ?? "/usr/bin/chromium";
const run = Date.now().toString(36); // unique names: the data directory may be reused
const employee = { username: `console-emp-${run}`, password: "console-emp-pass", name: `Carla Console ${run}` };
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let browser;
/** Console errors and uncaught exceptions of every page, checked after each test. */
const problems = [];

before(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    // launch() gives every run a fresh temporary profile (user-data-dir)
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run"],
  });
  if (screenshots) mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
});

async function newPage(viewport = LAPTOP, { expectedErrors = [] } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error" && !expectedErrors.some((e) => message.text().includes(e))) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return page;
}

function assertNoProblems() {
  const found = problems.splice(0);
  assert.deepEqual(found, [], "the console logged errors");
}

async function shot(page, name) {
  if (screenshots) await page.screenshot({ path: join(screenshots, `${name}.png`) });
}

async function signIn(page, username, password) {
  await page.goto(url + "/");
  await page.getByLabel("Username or e-mail").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Password").press("Enter"); // keyboard: Enter submits
}

/** REST helper for the setup the browser does not do (an employee enrolling from their phone). */
async function rest(method, path, { token, json, form } = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) body = form;
  const response = await fetch(url + path, { method, headers, body });
  const answer = await response.json();
  assert.equal(answer.success, true, `${method} ${path}: ${JSON.stringify(answer)}`);
  return answer;
}

const tokenOf = async (username, password) => (await rest("POST", "/api/auth/login", { json: { username, password } })).access_token;
let employeeId;
let siteName;

test("a wrong password shows the human message of invalid_credentials", async () => {
  // Chromium logs the refused request (401) itself; that is the expected answer here
  const page = await newPage(LAPTOP, { expectedErrors: ["401"] });
  await signIn(page, adminName, "not-the-password");
  await assert.doesNotReject(page.getByRole("alert").filter({ hasText: "Wrong username or password." }).waitFor());
  await shot(page, "login");
  await page.context().close();
  assertNoProblems();
});

test("admin sees a pending enrolment with its photo, approves it, and the API then says active", async () => {
  // the employee is created by the admin and enrols a real photo from their "phone" (REST)
  const adminToken = await tokenOf(adminName, adminPassword);
  const created = await rest("POST", "/api/admin/users", {
    token: adminToken,
    json: { username: employee.username, password: employee.password, name: employee.name, email: `${employee.username}@example.com`, role: "employee" },
  });
  employeeId = created.user.id;
  const employeeToken = await tokenOf(employee.username, employee.password);
  const form = new FormData();
  form.append("image", new Blob([readFileSync(join(faces, "people/angelina_jolie/1.jpg"))], { type: "image/jpeg" }), "1.jpg");
  form.append("device", "android");
  form.append("deviceId", `console-test-${run}`);
  await rest("POST", "/api/face/enroll", { token: employeeToken, form });
  assert.equal((await rest("GET", "/api/attendance/status", { token: employeeToken })).user_status, "pending");

  const page = await newPage();
  await signIn(page, adminName, adminPassword);
  await page.waitForURL(/\/approvals$/);
  const card = page.getByRole("listitem", { name: employee.name });
  await card.waitFor();
  const photo = card.getByRole("img", { name: `Enrolment photo of ${employee.name}` });
  await photo.waitFor();
  // the photo really decoded, and is shown large enough to judge
  const size = await photo.evaluate((img) => ({ natural: img.naturalWidth, width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height }));
  assert.ok(size.natural > 0, "the photo did not decode");
  assert.ok(size.width >= 300 && size.height >= 300, `the photo is shown at ${size.width}x${size.height}`);
  if (screenshots) {
    // docs/console.md must not carry a real person's photo: blurred in the screenshot only
    await page.addStyleTag({ content: ".enrol-photo { filter: blur(18px); }" });
    await shot(page, "approvals");
  }

  await card.getByRole("button", { name: "Approve" }).click();
  await page.getByRole("status").filter({ hasText: `${employee.name} is approved` }).waitFor();
  await page.getByRole("listitem", { name: employee.name }).waitFor({ state: "detached" });
  assert.equal((await rest("GET", "/api/attendance/status", { token: employeeToken })).user_status, "active");
  await page.context().close();
  assertNoProblems();
});

test("admin creates a site with a circle geofence placed on the plan", async () => {
  const page = await newPage();
  await signIn(page, adminName, adminPassword);
  await page.waitForURL(/\/approvals$/);
  await page.getByRole("link", { name: "Sites" }).click();
  await page.getByRole("button", { name: "New site" }).click();
  const dialog = page.getByRole("dialog", { name: "New site" });
  siteName = `Console site ${run}`;
  await dialog.getByLabel("Name").fill(siteName);
  await dialog.getByLabel("Time zone").fill("UTC");
  await dialog.getByLabel("Centre latitude").fill("24.86");
  await dialog.getByLabel("Centre longitude").fill("67");
  await dialog.getByLabel("Radius (m)").fill("250");
  // move the centre with the keyboard on the plan: 10 m north per ArrowUp
  const plan = dialog.getByRole("application", { name: /Site plan/ });
  await plan.focus();
  await plan.press("ArrowUp");
  await plan.press("ArrowUp");
  const latitude = Number(await dialog.getByLabel("Centre latitude").inputValue());
  assert.ok(latitude > 24.86 && latitude < 24.8603, `latitude after two nudges: ${latitude}`);
  await shot(page, "site-editor");
  await dialog.getByRole("button", { name: "Create" }).click();
  await page.getByRole("status").filter({ hasText: `${siteName} was created.` }).waitFor();
  await page.getByRole("cell", { name: siteName }).waitFor();

  const sites = await rest("GET", "/api/admin/sites", { token: await tokenOf(adminName, adminPassword) });
  const site = sites.results.find((s) => s.name === siteName);
  assert.ok(site, "the API lists the new site");
  assert.equal(site.geofence_kind, "circle");
  assert.equal(site.radius_m, 250);
  assert.equal(site.time_zone, "UTC");
  assert.ok(Math.abs(site.center.latitude - latitude) < 1e-6);
  await shot(page, "sites");
  await page.context().close();
  assertNoProblems();
});

test("the employee checks in from the phone; admin downloads the report as CSV and PDF", async () => {
  const adminToken = await tokenOf(adminName, adminPassword);
  const site = (await rest("GET", "/api/admin/sites", { token: adminToken })).results.find((s) => s.name === siteName);
  await rest("POST", `/api/admin/sites/${site.id}/members`, { token: adminToken, json: { user_ids: [employeeId] } });
  // every day a working day, so the check-in works whatever day the tests run
  await rest("PUT", `/api/admin/users/${employeeId}/schedule`, {
    token: adminToken, json: { working_days: [1, 2, 3, 4, 5, 6, 7], start_time: "00:00", end_time: "23:59", grace_minutes: 0 },
  });
  const form = new FormData();
  form.append("image", new Blob([readFileSync(join(faces, "people/angelina_jolie/2.jpg"))], { type: "image/jpeg" }), "2.jpg");
  form.append("device", "android");
  form.append("deviceId", `console-test-${run}`);
  form.append("latitude", String(site.center.latitude));
  form.append("longitude", String(site.center.longitude));
  const checkIn = await rest("POST", "/api/attendance/check-in", { token: await tokenOf(employee.username, employee.password), form });
  assert.equal(checkIn.verified, true);

  const page = await newPage();
  await signIn(page, adminName, adminPassword);
  await page.waitForURL(/\/approvals$/);
  await page.getByRole("link", { name: "Reports" }).click();
  await page.getByRole("cell", { name: employee.name }).waitFor();
  await shot(page, "reports");

  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "CSV" }).click();
  const csv = await csvDownload;
  assert.match(csv.suggestedFilename(), /^attendance_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await csv.path(), "utf8");
  assert.match(text.split(/\r?\n/)[0], /^date,user_id,employee_id,name,department,status,check_in,check_out/);
  assert.ok(text.split(/\r?\n/).some((line) => line.includes(employee.name) && /,(present|late),/.test(line)), "the CSV has the employee's day");

  const pdfDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "PDF" }).click();
  const pdf = await pdfDownload;
  assert.equal(readFileSync(await pdf.path()).subarray(0, 5).toString("latin1"), "%PDF-");
  await page.getByRole("status").filter({ hasText: pdf.suggestedFilename() }).waitFor();

  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "In now" }).waitFor();
  await page.getByRole("cell", { name: employee.name }).first().waitFor();
  await shot(page, "dashboard");
  await page.getByRole("link", { name: "People" }).click();
  await page.getByRole("cell", { name: employee.username, exact: true }).waitFor();
  await shot(page, "people");
  await page.context().close();
  assertNoProblems();
});

test("an employee signs in on a phone-sized screen and sees their status and history", async () => {
  const page = await newPage(PHONE);
  await signIn(page, employee.username, employee.password);
  await page.waitForURL(/\/me$/);
  await assert.doesNotReject(page.getByTestId("user-status").filter({ hasText: "Active" }).waitFor());
  await assert.doesNotReject(page.getByTestId("attendance-status").filter({ hasText: "Checked in" }).waitFor());
  await shot(page, "employee-status");

  // the menu is folded on a phone; the employee's menu has only their own screens
  const menu = page.getByRole("navigation", { name: "Screens" });
  assert.equal(await menu.isVisible(), false);
  await page.getByRole("button", { name: "Menu" }).click();
  assert.equal(await menu.getByRole("link", { name: "Approvals" }).count(), 0);
  assert.equal(await menu.getByRole("link", { name: "People" }).count(), 0);
  await menu.getByRole("link", { name: "My history" }).click();
  await page.waitForURL(/\/me\/history$/);
  const today = (await rest("GET", "/api/attendance/status", { token: await tokenOf(employee.username, employee.password) })).date;
  const row = page.getByRole("row").filter({ hasText: today });
  await row.waitFor();
  assert.match(await row.innerText(), /\d{2}:\d{2}/);
  await shot(page, "employee-history");

  // an admin screen's address is not offered to an employee
  await page.goto(url + "/approvals");
  await page.getByText("There is no such page.").waitFor();
  await page.context().close();
  assertNoProblems();
});

test("every screen of an admin and of a manager opens without an error", async () => {
  const adminToken = await tokenOf(adminName, adminPassword);
  const manager = { username: `console-mgr-${run}`, password: "console-mgr-pass" };
  await rest("POST", "/api/admin/users", {
    token: adminToken,
    json: { ...manager, name: `Manny Manager ${run}`, email: `${manager.username}@example.com`, role: "manager" },
  });
  for (const [username, password, expected] of [[adminName, adminPassword, 18], [manager.username, manager.password, 14]]) {
    const page = await newPage();
    await signIn(page, username, password);
    const menu = page.getByRole("navigation", { name: "Screens" });
    await menu.getByRole("link").first().waitFor();
    const labels = await menu.getByRole("link").allInnerTexts();
    assert.equal(labels.length, expected, `${username}'s menu: ${labels.join(", ")}`);
    for (const label of labels) {
      await menu.getByRole("link", { name: label, exact: true }).click();
      await page.locator("main h1").waitFor();
      // wait until the screen's first loads are done, then no error note may be shown
      await page.waitForFunction(() => !document.querySelector("main")?.textContent?.includes("Loading…"));
      assert.equal(await page.getByRole("alert").count(), 0, `${username} on "${label}": ${await page.locator("main").innerText()}`);
    }
    await page.context().close();
  }
  assertNoProblems();
});
