// The leak checks count libtorch's live tensors in the whole process; tests that create tensors on
// other threads at the same time would blur that count, so this assembly runs its tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
