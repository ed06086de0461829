using LossBench.Bench;

// One benchmark run of LossBench.Torch: see BenchOptions.Usage, and ../run.sh for the
// side-by-side comparison with PyTorch.
// The augmentation cost table (../augmentations.sh) is its own mode.
if (args.Length > 0 && args[0] == "augmentation-cost") return Mode(AugmentationCostBenchmark.Run, args[1..], AugmentationCostBenchmark.Usage);
// `LossBench.Bench blas-kernels` prints the OpenBLAS kernel set the engine chooses for this
// CPU (empty: OpenBLAS's own choice); the scripts give it to every peer.
if (args.Length > 0 && args[0] == "blas-kernels")
{
    Console.WriteLine(LossBench.Torch.BlasKernels.ForThisCpu() ?? "");
    return 0;
}
// `LossBench.Bench report-scale SOURCE TARGET` grows a results folder for timing `report` (../report.sh).
if (args.Length > 0 && args[0] == "report-scale") return Mode(ReportScaleFolder.Run, args[1..], ReportScaleFolder.Usage);
// `LossBench.Bench pgd ...` measures attack throughput instead (PgdBenchmark, ../attacks.sh).
if (args.Length > 0 && args[0] == "pgd") return PgdBenchmark.Run(args[1..]);

BenchOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var dataDir = options.DataDir ?? DataLocator.FindMnist10k();
if (dataDir is null || !File.Exists(Path.Combine(dataDir, "images-idx3-ubyte.gz")))
{
    Console.Error.WriteLine($"error: MNIST 10k not found{(dataDir is null ? "" : " in " + dataDir)}; pass --data DIR (the folder of images-idx3-ubyte.gz)");
    return 2;
}

BenchResult result;
if (options.ViaHost)
{
    result = HostTrainingBenchmark.Run(options, dataDir);
}
else
{
    using var benchmark = new TrainingBenchmark(options, dataDir);
    result = benchmark.Run();
}
if (!options.Quiet) Console.WriteLine(result.ToTable());
Console.WriteLine(result.ToJsonLine());
return 0;

/// <summary>Runs one of the bench's other modes: bad arguments print the error and its usage, exit 2.</summary>
static int Mode(Func<string[], int> run, string[] arguments, string usage)
{
    try
    {
        return run(arguments);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine("error: " + e.Message);
        Console.Error.WriteLine(usage);
        return 2;
    }
}
