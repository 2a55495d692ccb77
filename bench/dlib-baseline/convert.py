# Decodes every photo of a manifest upright (EXIF applied) into raw RGB: "<w> <h>\n" + bytes.
import sys, os
from PIL import Image, ImageOps
root, out = sys.argv[1], sys.argv[2]
for line in open(os.path.join(root, 'MANIFEST.tsv')).read().splitlines()[1:]:
    path, kind = line.split('\t')[0], line.split('\t')[2]
    if kind == 'invalid':
        continue
    try:
        im = ImageOps.exif_transpose(Image.open(os.path.join(root, path))).convert('RGB')
    except Exception as e:
        print('skip', path, e); continue
    dest = os.path.join(out, path + '.rgb')
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, 'wb') as f:
        f.write(b'%d %d\n' % im.size); f.write(im.tobytes())
