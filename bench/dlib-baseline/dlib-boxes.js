// dlib ResNet on the face FaceAttend's detector chose (faces[0].box of an analyze --jsonl file): face-api's 68-point
// landmarks on that box, its aligned rect, the 150x150 crop, the dlib face recognition ResNet.
const fs = require('fs');
const path = require('path');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const tf = faceapi.tf;
async function main() {
  const [rawRoot, analysis, out] = process.argv.slice(2);
  await tf.setBackend('wasm'); await tf.ready();
  const model = path.join(__dirname, 'node_modules/@vladmandic/face-api/model');
  await faceapi.nets.faceLandmark68Net.loadFromDisk(model);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(model);
  const fd = fs.openSync(out, 'w');
  for (const line of fs.readFileSync(analysis, 'utf8').trim().split('\n')) {
    const a = JSON.parse(line);
    if (!a.faces || a.faces.length === 0) { fs.writeSync(fd, JSON.stringify({ file: a.file, faces: [] }) + '\n'); continue; }
    const raw = fs.readFileSync(path.join(rawRoot, a.file + '.rgb'));
    const nl = raw.indexOf(10);
    const [W, H] = raw.subarray(0, nl).toString().split(' ').map(Number);
    const t = tf.tensor3d(new Uint8Array(raw.subarray(nl + 1)), [H, W, 3], 'int32');
    const b = a.faces[0].box;
    const x1 = Math.max(0, b.x1), y1 = Math.max(0, b.y1), x2 = Math.min(W, b.x2), y2 = Math.min(H, b.y2);
    const det = new faceapi.FaceDetection(a.faces[0].score, new faceapi.Rect(x1 / W, y1 / H, (x2 - x1) / W, (y2 - y1) / H), { width: W, height: H });
    const [crop] = await faceapi.extractFaceTensors(t, [det]);
    const lm = await faceapi.nets.faceLandmark68Net.detectLandmarks(crop);
    crop.dispose();
    const withLm = faceapi.extendWithFaceLandmarks(faceapi.extendWithFaceDetection({}, det), lm);
    const [chip] = await faceapi.extractFaceTensors(t, [withLm.alignedRect]);
    const d = Array.from(await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chip));
    chip.dispose(); t.dispose();
    const n = Math.sqrt(d.reduce((s, v) => s + v * v, 0));
    fs.writeSync(fd, JSON.stringify({ file: a.file, faces: [{ box: b, score: a.faces[0].score, embedding: d.map((v) => v / n) }] }) + '\n');
  }
  fs.closeSync(fd);
}
main().catch((e) => { console.error(e); process.exit(1); });
