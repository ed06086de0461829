namespace LossBench.Torch.Tests;

/// <summary>
/// Engine-wide switches: deterministic algorithms (ops keep working and keep their values) and CUDA on
/// a libtorch build without it (reported unavailable, and moving a tensor there fails with libtorch's message).
/// </summary>
[Collection(GlobalGeneratorCollection.Name)]
public sealed class EngineSettingsTests
{
    [Fact]
    public void Deterministic_algorithms_on_and_off_leave_ops_working_with_the_same_values()
    {
        using var scope = torch.NewDisposeScope();
        // [1 2; 3 4] @ [5 6; 7 8] = [19 22; 43 50]; d/dx sum(x^2) = 2x.
        var a = torch.tensor(new double[] { 1, 2, 3, 4 }, [2, 2]);
        var b = torch.tensor(new double[] { 5, 6, 7, 8 }, [2, 2]);
        try
        {
            torch.use_deterministic_algorithms(true);
            TorchAssert.Tensor([2, 2], [19, 22, 43, 50], a.mm(b));
            var x = torch.tensor(new double[] { 1, 2, 3, 4 }, [4], requires_grad: true);
            var y = (x * x).sum();
            y.backward();
            TorchAssert.Tensor([4], [2, 4, 6, 8], x.grad!);
        }
        finally
        {
            torch.use_deterministic_algorithms(false);
        }
        TorchAssert.Tensor([2, 2], [19, 22, 43, 50], a.mm(b));
    }

    [Fact]
    public void Cuda_is_reported_unavailable_without_it_and_moving_a_tensor_there_fails_clearly()
    {
        // The libtorch the project binds (Debian's) is built without CUDA; at::show_config() says so.
        Assert.Contains("USE_CUDA=OFF", torch.build_config);
        Assert.False(torch.cuda.is_available());
        Assert.Equal(0, torch.cuda.device_count());

        var device = Device.Parse("cuda:0");
        Assert.Equal(new Device(DeviceType.CUDA, 0), device);
        using var scope = torch.NewDisposeScope();
        var cpuTensor = torch.ones([2]);
        var error = Assert.Throws<TorchException>(() => cpuTensor.to(device));
        Assert.Contains("CUDA", error.Message, StringComparison.OrdinalIgnoreCase);
        // The engine stays usable after the refusal.
        TorchAssert.Tensor([2], [2, 2], cpuTensor + cpuTensor);
    }
}
