// dlib ResNet baseline: @vladmandic/face-api (SSD MobileNet v1 + 68 landmarks + dlib face recognition ResNet),
// tfjs wasm backend. Reads raw RGB files written by convert.py and prints the FaceAttend analyze --jsonl format.
const fs = require('fs');
const path = require('path');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const tf = faceapi.tf;
async function main() {
  const [rawRoot, manifestRoot, out] = process.argv.slice(2);
  await tf.setBackend('wasm'); await tf.ready();
  const model = path.join(__dirname, 'node_modules/@vladmandic/face-api/model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(model);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(model);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(model);
  const lines = fs.readFileSync(path.join(manifestRoot, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  const fd = fs.openSync(out, 'w');
  for (const line of lines) {
    const [file, , kind] = line.split('\t');
    if (kind === 'invalid') continue;
    if (process.env.ONLY && !process.env.ONLY.split(',').includes(file)) continue;
    const raw = fs.readFileSync(path.join(rawRoot, file + '.rgb'));
    const nl = raw.indexOf(10);
    const [w, h] = raw.subarray(0, nl).toString().split(' ').map(Number);
    const t = tf.tensor3d(new Uint8Array(raw.subarray(nl + 1)), [h, w, 3], 'int32');
    const t0 = Date.now();
    const found = await faceapi.detectAllFaces(t, new faceapi.SsdMobilenetv1Options({ minConfidence: Number(process.env.MINCONF || 0.5) }))
      .withFaceLandmarks().withFaceDescriptors();
    t.dispose();
    const faces = found.map((f) => {
      const b = f.detection.box; const d = Array.from(f.descriptor);
      const n = Math.sqrt(d.reduce((s, v) => s + v * v, 0));
      return { box: { x1: b.x, y1: b.y, x2: b.x + b.width, y2: b.y + b.height }, score: f.detection.score,
        norm: n, embedding: d.map((v) => v / n) };
    }).sort((a, b) => (b.box.x2 - b.box.x1) * (b.box.y2 - b.box.y1) - (a.box.x2 - a.box.x1) * (a.box.y2 - a.box.y1));
    fs.writeSync(fd, JSON.stringify({ file, faces, ms: Date.now() - t0 }) + '\n');
  }
  fs.closeSync(fd);
}
main().catch((e) => { console.error(e); process.exit(1); });
