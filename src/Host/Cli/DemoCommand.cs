using System.CommandLine;

namespace LossBench.Host.Cli;

/// <summary>
/// `lossbench demo`: trains the small CNN on the embedded MNIST subset end to end (the engine's smoke
/// test). Exit code 1 when it did not learn (test accuracy at most 50%), else as every command (<see cref="ExitCodes"/>).
/// </summary>
public static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var defaults = new TrainingDemo.Options();
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => defaults.Epochs };
        var threads = new Option<int>("--threads") { Description = "libtorch threads, at least 1; more than the logical cores are capped with a warning.", DefaultValueFactory = _ => defaults.Threads };
        ThreadCount.RequirePositive(threads);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split, the initial weights and the batch order.", DefaultValueFactory = _ => defaults.Seed };
        var data = new Option<string?>("--data") { Description = "A folder with images-idx3-ubyte.gz and labels-idx1-ubyte.gz (default: the embedded MNIST subset)." };
        var command = new Command("demo", "Train the small CNN on the embedded MNIST subset and print loss and accuracy per epoch.") { epochs, threads, seed, data };
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                Epochs = parse.GetValue(epochs),
                // The default (2) is capped quietly on a one-core machine; a count the user gave, with a warning.
                Threads = ThreadCount.Cap(parse.GetValue(threads), "--threads", parse.GetResult(threads) is { Implicit: false } ? error : TextWriter.Null)!.Value,
                Seed = parse.GetValue(seed),
                DataDirectory = parse.GetValue(data),
            };
            var results = new TrainingDemo(output).Run(options);
            return results[^1].TestAccuracy > 0.5 ? ExitCodes.Done : ExitCodes.CheckFailed;
        });
        return command;
    }
}
