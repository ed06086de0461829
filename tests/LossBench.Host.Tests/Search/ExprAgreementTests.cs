using LossBench.Sdk.Plugins;
using LossBench.Host.Plugins;
using LossBench.Host.Search;
using LossBench.Sdk.Losses;
using LossBench.Sdk.Options;
using LossBench.Torch;
using Microsoft.Extensions.DependencyInjection;

namespace LossBench.Host.Tests.Search;

/// <summary>
/// The search evaluates graphs in doubles (integrity check) and trains them through the `expr`
/// plugin: the two must be the same function, and the printed formula must be the plugin's canonical form.
/// </summary>
public sealed class ExprAgreementTests
{
    [Fact]
    public void Random_graphs_through_the_expr_plugin_equal_their_double_evaluation_on_the_toy()
    {
        using var scope = torch.NewDisposeScope();
        var runtime = BuiltInCatalog.Runtime;
        using var plugins = runtime.OpenScope();
        var random = new SearchRandom(99);
        int[] points = [0, 100, 250, 499, 700, 999];
        var used = new HashSet<string>();
        for (var g = 0; g < 300; g++)
        {
            LossGraph graph;
            do graph = GraphMutator.RandomGraph(random);
            while (!IntegrityCheck.Check(graph).Accepted);
            var formula = graph.Formula();
            foreach (var node in graph.ActiveIds().Where(id => !LossGraph.IsLeaf(id))) used.Add(graph.Node(node).Function);
            var loss = plugins.Get<ILoss>(runtime.Value(PluginKind.Loss, new ConfigMapping([new("expr", ConfigMapping.Of(("formula", formula)))]), "losses[0]"));
            Assert.Equal(formula, loss.GetType().GetProperty("Canonical")!.GetValue(loss));
            foreach (var i in points)
            {
                var x = LossGraph.ToyX(i);
                // One sample of the toy in float64: logits log p, so softmax gives p back; one-hot target class 1.
                var logits = torch.tensor(new[] { Math.Log(x), Math.Log(1 - x) }).reshape(1, 2);
                var targets = torch.tensor(new[] { 0.0, 1.0 }).reshape(1, 2);
                var value = loss.Compute(new LossInput(logits, torch.tensor(new long[] { 1 }), targets, null, new TrainingProgress(0, 1, 0, 1))).item<double>();
                var expected = graph.Evaluate(0, x) + graph.Evaluate(1, 1 - x);
                Assert.True(Math.Abs(value - expected) <= 1e-6 * (1 + Math.Abs(expected)), $"{formula} at x = {x}: expr gives {value}, the graph {expected}");
            }
        }
        // Every function of the search space took part.
        Assert.Equal(SearchFunctions.Unary.Concat(SearchFunctions.Binary).Select(f => f.Name).Order(), used.Order());
    }
}
