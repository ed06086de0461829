using System.CommandLine;

namespace LossBench.Host.Cli;

/// <summary>`lossbench demo`: trains the small CNN on the embedded MNIST subset end to end (the engine's smoke test).</summary>
public static class DemoCommand
{
    public static Command Create(TextWriter output)
    {
        var defaults = new TrainingDemo.Options();
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => defaults.Epochs };
        var threads = new Option<int>("--threads") { Description = "libtorch threads.", DefaultValueFactory = _ => defaults.Threads };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split, the initial weights and the batch order.", DefaultValueFactory = _ => defaults.Seed };
        var data = new Option<string?>("--data") { Description = "A folder with images-idx3-ubyte.gz and labels-idx1-ubyte.gz (default: the embedded MNIST subset)." };
        var command = new Command("demo", "Train the small CNN on the embedded MNIST subset and print loss and accuracy per epoch.") { epochs, threads, seed, data };
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                Epochs = parse.GetValue(epochs),
                Threads = parse.GetValue(threads),
                Seed = parse.GetValue(seed),
                DataDirectory = parse.GetValue(data),
            };
            var results = new TrainingDemo(output).Run(options);
            return results[^1].TestAccuracy > 0.5 ? 0 : 1;
        });
        return command;
    }
}
