# Sourced by bootstrap.sh and device_train_cells.sh: llama.cpp's CPU flags from what this CPU reports, never AMX.
# Some VMs report AMX but do not enable it (a prebuilt or -march=native build then dies with SIGILL).
llama_cmake_args() {
  local flags args="-DGGML_NATIVE=OFF" feature
  flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
  for feature in avx:AVX avx2:AVX2 fma:FMA f16c:F16C bmi2:BMI2 avx_vnni:AVX_VNNI avx512f:AVX512 \
                 avx512vbmi:AVX512_VBMI avx512_vnni:AVX512_VNNI avx512_bf16:AVX512_BF16; do
    [[ "$flags" == *" ${feature%%:*} "* ]] && args+=" -DGGML_${feature#*:}=ON"
  done
  echo "$args"
}
