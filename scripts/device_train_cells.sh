#!/bin/bash
# On a GPU box without network (the device machine): train lora_sweep.py's cells there, score them here.
#
# The box has torch, transformers and peft but not codebudget's own dependencies, llama.cpp's converter or the
# model, and takes at most 64 MiB a call (the working tree included). So, from the repository root here:
#   python bench/lora_train_cells.py --experiment rank --values 4,16,64,1 --dump .devcarry/pairs
#   split -b 24000000 -d ~/.cache/codebudget/models/smollm2-135m-instruct-q4_1.gguf .devcarry/smollm2-135m.part
#   (Qwen 0.5B, MODEL=qwen2.5-coder-0.5b: 491 MB, ten 50 MB parts with results/adapters moved out of the tree
#   for the calls; a call with PARTS_ONLY=1 only moves the parts it carried into place)
#   pip download --only-binary=:all: --python-version 3.12 --platform manylinux2014_x86_64 -d .devcarry/wheels \
#       pydantic typer rich platformdirs jinja2 httpx pyyaml
#   cp -r ~/.cache/codebudget/llama.cpp/llama-cpp-python-* .devcarry/llamacpp/
# then one call per model part (each moves it to /tmp/parts there, calls less than 30 s apart so the box stays
# warm; the working tree travels too, so the parts are as large as the 64 MiB a call leaves them), and a last
# call carrying .devcarry/{wheels,llamacpp,pairs} (and any part not yet there) and this script:
#   [MODEL=smollm2-135m] EXPERIMENT=rank VALUES=4,16,64,1 SEEDS=0,1,2 bash scripts/device_train_cells.sh
# It writes $OUT/adapters.tar.*; here: cat adapters.tar.* | tar xf - -C DIR and
#   python bench/lora_train_cells.py --unpack DIR
# adds them to the adapter store, where lora_sweep.py finds them by their recipe key and only scores them.
#
# Scoring stays here: llama.cpp built on the box (llama-cpp-python 0.3.36 from its source, CPU only, in 38 s on 16
# cores) crashed with a segmentation fault when it loaded the model (native and portable AVX-512 builds alike;
# 2026-12-06). lora_sweep.py --pairs DIR scores on the dumped pairs where a box can run llama.cpp.
cd "$(dirname "$0")/.."
mkdir -p /tmp/parts
set -e
MODEL=${MODEL:-smollm2-135m}
case $MODEL in  # the zoo's file name and sha256 (src/codebudget/models), so the box needs no codebudget to check it
  smollm2-135m) FILE=smollm2-135m-instruct-q4_1.gguf SHA=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53 ;;
  qwen2.5-coder-0.5b) FILE=qwen2.5-coder-0.5b-instruct-q4_k_m.gguf SHA=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32 ;;
  *) echo "no parts known for $MODEL"; exit 2 ;;
esac
mv .devcarry/$MODEL.part?? /tmp/parts/ 2>/dev/null || true  # each call brings the parts it carried
if [ -n "$PARTS_ONLY" ]; then ls /tmp/parts; exit 0; fi
if [ ! -f /tmp/models/$FILE ]; then
  cat /tmp/parts/$MODEL.part?? > /tmp/$FILE
  echo "$SHA  /tmp/$FILE" | sha256sum -c
  mkdir -p /tmp/models && mv /tmp/$FILE /tmp/models/$FILE
fi
[ -d /tmp/deps ] || pip install -q --no-index --find-links .devcarry/wheels --target /tmp/deps pydantic typer rich platformdirs jinja2 httpx pyyaml
V=$(ls -d $PWD/.devcarry/llamacpp/llama-cpp-python-* | head -1)
VERSION=$(grep -m1 '^version' $V/gguf-py/pyproject.toml | cut -d'"' -f2)
mkdir -p /tmp/deps/gguf-$VERSION.dist-info && printf 'Metadata-Version: 2.1\nName: gguf\nVersion: %s\n' $VERSION > /tmp/deps/gguf-$VERSION.dist-info/METADATA
export PYTHONPATH=$PWD/src:$PWD/bench:/tmp/deps:$V/gguf-py CODEBUDGET_LLAMA_CPP_SOURCE=$V CODEBUDGET_MODELS_DIR=/tmp/models CODEBUDGET_ADAPTERS=/tmp/adapters
set +e
if [ -n "$DIAG" ]; then  # where a cell diverges instead (bench/lora_divergence.py): DIAG=1 DATA=jdk:limit=200 [VARIANTS=...]
  timeout ${BUDGET:-470} python3 bench/lora_divergence.py --model $MODEL --data ${DATA:-jdk:limit=200} --pairs .devcarry/pairs \
      --device cuda ${VARIANTS:+--variants $VARIANTS} 2>&1 | grep -v "Converting\|Loading weights"
  exit 0
fi
timeout ${BUDGET:-470} python3 bench/lora_train_cells.py --model $MODEL --experiment ${EXPERIMENT:-rank} --values ${VALUES:-4,16,64,1} --seeds ${SEEDS:-0,1,2} --pairs .devcarry/pairs --device cuda --pack /tmp/pack-$$
echo "train rc=$?"
ls /tmp/pack-$$ 2>/dev/null | wc -l
[ -d /tmp/pack-$$ ] && tar cf - -C /tmp/pack-$$ . | split -b 15000000 - $OUT/adapters.tar.
ls -la $OUT
