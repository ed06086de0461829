using System.CommandLine;
using LossBench.Host.Cluster;
using LossBench.Host.Plugins;

namespace LossBench.Host.Cli;

/// <summary>`lossbench k8s manifest [file] --tasks N --image I`: prints an Indexed Job of N shards and a report Job (<see cref="KubernetesManifest"/>).</summary>
public static class K8sCommand
{
    public static Command Create(Option<string[]> plugins, CliEnvironment environment, TextWriter output)
    {
        var file = RunCommand.BenchmarkFileArgument();
        var tasks = new Option<int>("--tasks") { Description = "Pods of the Indexed Job: shard i of N each.", Required = true, HelpName = "N" };
        ThreadCount.RequirePositive(tasks);
        var image = new Option<string>("--image") { Description = "The container image with lossbench on its PATH.", Required = true, HelpName = "I" };
        var mount = new Option<string>("--out") { Description = "Where the results volume is mounted in the pods.", DefaultValueFactory = _ => "/results", HelpName = "DIR" };
        var benchmarkPath = new Option<string?>("--benchmark-path") { Description = "The benchmark file as the pods see it (default: <out>/<file name>).", HelpName = "PATH" };
        var volume = new Option<string>("--volume-claim") { Description = "The persistent volume claim of the results (ReadWriteMany).", DefaultValueFactory = _ => "lossbench-results", HelpName = "NAME" };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "CPU limit of a pod; also its libtorch threads.", HelpName = "C" };
        var gpus = new Option<int?>("--gpus-per-task") { Description = "nvidia.com/gpu limit of a pod.", HelpName = "G" };
        var mem = new Option<string?>("--mem") { Description = "Memory limit of a pod (e.g. 16Gi).", HelpName = "M" };
        var manifest = new Command("manifest", "Print an Indexed Job of shards and a report Job.") { file, tasks, image, mount, benchmarkPath, volume, cpus, gpus, mem };
        manifest.SetAction(parse =>
        {
            using var services = PluginServices.Build(environment.SearchPath(parse.GetValue(plugins) ?? []));
            var benchmark = RunCommand.LoadBenchmark(parse.GetValue(file)!, services);
            var root = parse.GetValue(mount)!;
            var inPod = parse.GetValue(benchmarkPath) ?? $"{root.TrimEnd('/')}/{Path.GetFileName(benchmark.File)}";
            output.Write(KubernetesManifest.Write(benchmark.Name, parse.GetValue(image)!, parse.GetValue(tasks), inPod, root, $"{root.TrimEnd('/')}/{benchmark.Name}",
                parse.GetValue(volume)!, parse.GetValue(cpus), parse.GetValue(gpus), parse.GetValue(mem)));
            return ExitCodes.Done;
        });
        var command = new Command("k8s", "Kubernetes: manifests that run a benchmark's shards as an Indexed Job.") { manifest };
        return command;
    }
}
