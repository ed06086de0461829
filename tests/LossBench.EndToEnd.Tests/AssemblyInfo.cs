// The tool seeds libtorch's global generator before it builds each model and sets the global
// thread count, as one process running one benchmark may; tests that run the tool in-process must
// therefore not run side by side.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
