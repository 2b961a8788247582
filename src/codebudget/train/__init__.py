"""Fine-tuning: LoRA adapters for the zoo's models (the optional ``[train]`` extra).

* :mod:`~codebudget.train.pairs`: the (prompt, completion) pairs a model is tuned on, one record for every source.
* :mod:`~codebudget.train.datasets`: the training datasets by name (MBPP's train and validation splits, functions
  mined from the Python standard library, the JDK and npm packages, a JSONL file).
* :mod:`~codebudget.train.mine_python`, :mod:`~codebudget.train.mine_java`, :mod:`~codebudget.train.mine_javascript`:
  documented functions as pairs (their shared reader of C-like source is :mod:`~codebudget.train.clike`).
* :mod:`~codebudget.train.dedup`: pairs too close to an evaluation task (HumanEval, MBPP test, fresh) left out.
* :mod:`~codebudget.train.metrics`: BLEU, and whether a completion parses by the language's own toolchain.
* :mod:`~codebudget.train.lora`: the training loop (torch + peft on the dequantised GGUF weights), resumable.
* :mod:`~codebudget.train.adapters`: the content-addressed adapter store (peft folder, GGUF, provenance).

Nothing here is imported by the main job; torch, transformers and peft are imported only when training.
"""
