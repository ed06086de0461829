using LossBench.Host.Cli;
using LossBench.Host.Config;
using LossBench.Host.Matrix;
using LossBench.Host.Results;
using LossBench.Host.Training;
using LossBench.Sdk.Datasets;
using LossBench.Torch;
using LossBench.Torch.Modules;

namespace LossBench.Host.Tests.Training;

/// <summary>
/// What a cell leaves behind in the long-lived run process. The trainer runs with no dispose scope
/// open (a cell is computed outside any), so a tensor it forgets to dispose waits for the finalizer,
/// which runs only after a full collection; and the run allocates too little managed memory for the
/// collector to get there on its own. Counted with torch.live_tensors, a process-wide number, and
/// with objects of the oldest generation, which only a full collection frees, so these run alone.
/// </summary>
[Collection(HostNativeHandlesCollection.Name)]
public sealed class CellMemoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lossbench-cell-memory-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Training_outside_any_dispose_scope_leaves_no_tensor_to_the_finalizer()
    {
        using var model = torch.nn.Sequential(new Lambda("Flatten", x => x.flatten(1)), new Linear(4, 3));
        using var pixels = new Generator(3);
        using var images = torch.rand([12, 1, 2, 2], pixels);
        using var labels = torch.tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2 });
        var train = new TensorDataset(images, labels);
        using var order = new Generator(1);
        using var draws = new Generator(2);
        var settings = new TrainingSettings(2, 4, new OptimizerSettings(OptimizerKind.Sgd, 0.1), ScheduleKind.Constant, 0, 4, null) { EvalEvery = 1 };

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = torch.live_tensors;
        var outcome = new CellTrainer(settings, Device.CPU).Train(
            new TrainingRequest(model, train, 3, new CrossEntropyOnLabels(), "cross-entropy", new Unchanged(), order, draws) { HeldOut = train },
            CancellationToken.None);
        // Counted without collecting: a tensor left to the finalizer is still alive here.
        Assert.Equal(before, torch.live_tensors);
        Assert.Equal(6, outcome.Steps); // 12 images, batches of 4, 2 epochs: the loop really ran
    }

    [Fact]
    public void Managed_garbage_from_before_a_cell_is_collected_when_the_cell_ends()
    {
        var benchmark = BenchmarkLoader.Parse(
            "datasets: [{ synthetic: { size: 8, classes: 2, train: 16, test: 8 } }]\nmodels: [mlp]\nlosses: [cross-entropy]\n"
            + "training: { epochs: 1, batch-size: 8 }\nevaluations: [clean]\n",
            Path.Combine(_folder, "benchmarks.yaml"), BuiltInCatalog.Catalog);
        var cell = MatrixExpander.Expand(benchmark, "cpu", BuiltInCatalog.Runtime.Traits).Cells.Single();
        using var computation = new CellComputation(BuiltInCatalog.Runtime, new PlainRunReporter(TextWriter.Null), benchmark,
            new ResultStore(Path.Combine(_folder, "results")), Device.CPU);
        // The first computation loads the data set (and the load collects) and keeps it for the
        // cell named as remaining, so the second one loads nothing.
        Assert.Equal(CellStatus.Ok, computation.Compute(cell, null, [cell], CancellationToken.None).Status);
        // Objects of the oldest generation, dropped: only a full collection frees them, and the
        // small cell below allocates far too little managed memory to cause one.
        var garbage = DropOldObjects();

        var record = computation.Compute(cell, null, [], CancellationToken.None);

        Assert.Equal(CellStatus.Ok, record.Status);
        Assert.False(garbage.IsAlive, "the buffer dropped before the cell is still on the managed heap after the cell");
    }

    private static WeakReference DropOldObjects()
    {
        var objects = Enumerable.Range(0, 1000).Select(i => new int[16]).ToArray();
        GC.Collect();
        GC.Collect();
        Assert.Equal(GC.MaxGeneration, GC.GetGeneration(objects));
        return new WeakReference(objects);
    }
}
